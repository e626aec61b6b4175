using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace QomSharp.Options;

/// <summary>
/// Reads the items of a QemuOpts string one at a time (QEMU's <c>get_opt_name_value</c>) without
/// allocating: each item's name and value are positions in the input, and a string is made only
/// when one is asked for (<see cref="ValueString"/>). <see cref="QemuOptsParser"/> is built on it;
/// callers that only consume the items (such as a <c>-device</c> path that writes each value
/// straight into a property) can use it directly.
/// </summary>
/// <remarks>
/// An item is <c>name=value</c> (<c>,,</c> in a value stands for a comma), or a bare word: the
/// value of the implied name when it is the first item and an implied name is given, otherwise a
/// flag (<c>name</c> means <c>name=on</c>, <c>noname</c> means <c>name=off</c>; <c>help</c> and
/// <c>?</c> are help requests).
/// </remarks>
public ref struct QemuOptsReader
{
    private readonly string input;
    private readonly string? impliedName;
    private int next;
    private bool started;
    private int nameStart;
    private int nameLength;
    private int valueStart;
    private int valueLength;
    private bool valueEscaped;
    private ItemKind kind;

    // Where the commas and equals signs are in the 64 characters of the input from maskStart (bit
    // i for maskStart + i): found a vector at a time, so that finding the end of a name or a value
    // is a bit scan instead of a compare per character.
    private int maskStart;
    private ulong commaMask;
    private ulong equalsMask;

    private enum ItemKind : byte { None, Value, Implied, FlagOn, FlagOff }

    /// <summary>Starts reading <paramref name="input"/>; a bare first item is the value of <paramref name="impliedName"/> when given.</summary>
    public QemuOptsReader(string input, string? impliedName = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        this.input = input;
        this.impliedName = impliedName;
        maskStart = -MaskWidth;
    }

    private const int MaskWidth = 64;

    /// <summary>The string being read.</summary>
    public readonly string Input => input;

    /// <summary>
    /// The current item's name: the implied name for an implied value, the name without its
    /// <c>no</c> prefix for a <c>noname</c> flag.
    /// </summary>
    public readonly ReadOnlySpan<char> Name => kind == ItemKind.Implied ? impliedName : input.AsSpan(nameStart, nameLength);

    /// <summary>Whether the current item is the implied name's value (a bare first item).</summary>
    public readonly bool IsImplied => kind == ItemKind.Implied;

    /// <summary>Whether the current item is a bare word read as a flag (short-form boolean or help).</summary>
    public readonly bool IsFlag => kind is ItemKind.FlagOn or ItemKind.FlagOff;

    /// <summary>Whether the current item is a flag spelt <c>noname</c> (<c>name=off</c>).</summary>
    public readonly bool IsNegatedFlag => kind == ItemKind.FlagOff;

    /// <summary>Whether the current item is a bare <c>help</c> or <c>?</c>.</summary>
    public readonly bool IsHelp => kind == ItemKind.FlagOn && Name is "help" or "?";

    /// <summary>
    /// Whether the value is the input's characters as they stand (<see cref="ValueStart"/>,
    /// <see cref="ValueLength"/>): no <c>,,</c> to unescape, and not a flag's <c>on</c>/<c>off</c>.
    /// </summary>
    public readonly bool IsValueVerbatim => kind is ItemKind.Value or ItemKind.Implied && !valueEscaped;

    /// <summary>Where the value starts in <see cref="Input"/> (the characters as written, escapes included).</summary>
    public readonly int ValueStart => valueStart;

    /// <summary>The length of the value as written in <see cref="Input"/>.</summary>
    public readonly int ValueLength => valueLength;

    /// <summary>The current item's value as a string: unescaped, or <c>on</c>/<c>off</c> for a flag.</summary>
    public readonly string ValueString() => kind switch
    {
        ItemKind.FlagOn => "on",
        ItemKind.FlagOff => "off",
        _ when !valueEscaped => input.Substring(valueStart, valueLength),
        _ => input.AsSpan(valueStart, valueLength).ToString().Replace(",,", ",", StringComparison.Ordinal),
    };

    /// <summary>
    /// The value as input for the string (<paramref name="keyval"/> false) or keyval input path,
    /// a slice of the input when it is verbatim.
    /// </summary>
    public readonly QomInput ValueInput(bool keyval)
    {
        // One return of one constructor call, so that an inlined call builds the value where the
        // caller keeps it: with a return per case, the JIT builds it in a temporary with one store
        // per field and copies that with 32-byte moves, which the processor cannot forward from
        // the smaller stores (a stall of a dozen cycles or more, for each value).
        string text = input;
        int start = valueStart;
        int length = valueLength;
        if (!IsValueVerbatim)
        {
            text = ValueString();
            start = 0;
            length = text.Length;
        }

        return QomInput.FromSlice(keyval ? QomInputKind.Keyval : QomInputKind.String, text, start, length);
    }

    /// <summary>Moves to the next item; false at the end of the input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Read()
    {
        ReadOnlySpan<char> text = input;
        int start = next;
        if (start >= text.Length)
        {
            kind = ItemKind.None;
            return false;
        }

        int nameStop = FindSeparator(text, start, equalsToo: true);

        int stop;
        bool escaped = false;
        if (nameStop < text.Length && text[nameStop] == '=')
        {
            kind = ItemKind.Value;
            nameStart = start;
            nameLength = nameStop - start;
            valueStart = nameStop + 1;
            stop = ScanValue(text, nameStop + 1, ref escaped);
        }
        else if (impliedName is not null && !started)
        {
            // The name scan stopped at the first comma (or the end) and found no '=' before it:
            // the value's scan, which looks only for commas, goes on from there.
            kind = ItemKind.Implied;
            valueStart = start;
            stop = ScanValue(text, nameStop, ref escaped);
        }
        else
        {
            // A bare name is a flag; its name ends at the first comma, ",," notwithstanding.
            stop = nameStop;
            bool negated = text[start..nameStop].StartsWith("no", StringComparison.Ordinal);
            kind = negated ? ItemKind.FlagOff : ItemKind.FlagOn;
            nameStart = negated ? start + 2 : start;
            nameLength = nameStop - nameStart;
            valueStart = stop;
        }

        valueLength = stop - valueStart;
        valueEscaped = escaped;

        // The implied name applies to the first item only.
        started = true;
        next = stop < text.Length ? stop + 1 : stop;
        return true;
    }

    // The end of the value from start: the first single comma; ",," is part of it (an escaped comma).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ScanValue(ReadOnlySpan<char> text, int start, ref bool escaped)
    {
        int p = start;
        while (true)
        {
            p = FindSeparator(text, p, equalsToo: false);
            if ((uint)(p + 1) < (uint)text.Length && text[p + 1] == ',')
            {
                escaped = true;
                p += 2;
                continue;
            }

            return p;
        }
    }

    // The first comma (or equals sign, if asked) at or after p; the input's length if there is none.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int FindSeparator(ReadOnlySpan<char> text, int p, bool equalsToo)
    {
        while (p < text.Length)
        {
            if ((uint)(p - maskStart) >= MaskWidth)
            {
                LoadMasks(text, p);
            }

            ulong mask = (equalsToo ? commaMask | equalsMask : commaMask) >> (p - maskStart);
            if (mask != 0)
            {
                return p + BitOperations.TrailingZeroCount(mask);
            }

            p = maskStart + MaskWidth;
        }

        return text.Length;
    }

    // One bit per lane of a comparison's result. On x64, packed to bytes and read with one
    // instruction (pmovmskb): the NativeAOT tool's baseline otherwise calls a general routine for
    // 16-bit lanes, which cost about 85 instructions a block.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint LaneMask(Vector128<ushort> result)
    {
        if (System.Runtime.Intrinsics.X86.Sse2.IsSupported)
        {
            var signed = result.AsInt16();
            return (uint)System.Runtime.Intrinsics.X86.Sse2.MoveMask(System.Runtime.Intrinsics.X86.Sse2.PackSignedSaturate(signed, signed)) & 0xFF;
        }

        return result.ExtractMostSignificantBits();
    }

    // The masks of the (up to) 64 characters from start: eight at a time, the last eight
    // overlapping those before them, so that no character is compared on its own unless the
    // window holds fewer than eight.
    private void LoadMasks(ReadOnlySpan<char> text, int start)
    {
        int n = Math.Min(MaskWidth, text.Length - start);
        ulong commas = 0;
        ulong equals = 0;
        if (Vector128.IsHardwareAccelerated && n >= Vector128<ushort>.Count)
        {
            ref ushort origin = ref Unsafe.Add(ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text)), start);
            var comma = Vector128.Create((ushort)',');
            var equal = Vector128.Create((ushort)'=');
            for (int i = 0; ; i += Vector128<ushort>.Count)
            {
                // The last block ends at the window's end, overlapping the one before it.
                int at = Math.Min(i, n - Vector128<ushort>.Count);
                var block = Vector128.LoadUnsafe(ref origin, (nuint)at);
                commas |= (ulong)LaneMask(Vector128.Equals(block, comma)) << at;
                equals |= (ulong)LaneMask(Vector128.Equals(block, equal)) << at;
                if (at + Vector128<ushort>.Count >= n)
                {
                    break;
                }
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                char c = text[start + i];
                if (c == ',')
                {
                    commas |= 1UL << i;
                }
                else if (c == '=')
                {
                    equals |= 1UL << i;
                }
            }
        }

        maskStart = start;
        commaMask = commas;
        equalsMask = equals;
    }
}
