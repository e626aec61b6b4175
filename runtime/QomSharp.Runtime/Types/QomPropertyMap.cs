using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace QomSharp;

/// <summary>
/// A class's flattened name → class-property map, valid for one property generation. The names
/// are all known when the map is built, so it is a perfect hash table: a seed is searched for that
/// puts every name in a slot of its own, and a look-up is one hash, one slot and one comparison,
/// with no cache to keep and nothing allocated. Names whose hashes cannot be told apart (in
/// practice never) fall back to linear probing in the same table.
/// </summary>
internal sealed class QomPropertyMap
{
    // Seeds tried per table size before the table grows: odd multipliers, fixed so the layout is
    // the same in every run.
    private const int SeedsPerSize = 16;
    private const ulong SeedStep = 0x9E3779B97F4A7C15;
    private const int MaxExtraBits = 3;
    private const ulong SeedMix = 0xC2B2AE3D27D4EB4F;

    private readonly string?[] keys;
    private readonly QomProperty?[] values;
    private readonly ulong seed1;
    private readonly ulong seed2;
    private readonly int shift;
    private readonly bool perfect;

    public QomPropertyMap(QomContext context, int generation, IEnumerable<QomProperty> properties)
    {
        Context = context;
        Generation = generation;

        // Nearest class first: a name already present is an ancestor's that the class's own hides.
        var names = new List<QomProperty>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in properties)
        {
            if (seen.Add(property.Name))
            {
                names.Add(property);
            }
        }

        var words = new (ulong First, ulong Last)[names.Count];
        for (int i = 0; i < words.Length; i++)
        {
            Words(names[i].Name, out words[i].First, out words[i].Last);
        }

        int minBits = 1;
        while ((1 << minBits) < names.Count * 2)
        {
            minBits++;
        }

        for (int bits = minBits; bits <= minBits + MaxExtraBits; bits++)
        {
            keys = new string?[1 << bits];
            values = new QomProperty?[1 << bits];
            ulong candidate = SeedStep;
            for (int attempt = 0; attempt < SeedsPerSize; attempt++, candidate += SeedStep)
            {
                ulong trial1 = candidate | 1;
                ulong trial2 = (candidate * SeedMix) | 1;
                if (TryPlacePerfectly(words, names, 64 - bits, trial1, trial2, keys, values))
                {
                    seed1 = trial1;
                    seed2 = trial2;
                    shift = 64 - bits;
                    perfect = true;
                    return;
                }
            }
        }

        // Names that no seed separates: probe linearly from the slot.
        seed1 = SeedStep | 1;
        seed2 = unchecked(SeedStep * SeedMix) | 1;
        shift = 64 - minBits;
        keys = new string?[1 << minBits];
        values = new QomProperty?[1 << minBits];
        int mask = keys.Length - 1;
        for (int n = 0; n < names.Count; n++)
        {
            int i = Slot(words[n].First, words[n].Last, seed1, seed2, shift);
            while (keys[i] is not null)
            {
                i = (i + 1) & mask;
            }

            keys[i] = names[n].Name;
            values[i] = names[n];
        }
    }

    public int Generation { get; }

    // The context whose property generation the map is valid for (its class's, held here so that
    // checking the map loads nothing of the class but the map).
    public QomContext Context { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public QomProperty? Find(ReadOnlySpan<char> name)
    {
        Words(name, out ulong first, out ulong last);
        int i = Slot(first, last, seed1, seed2, shift);
        ref string? key = ref MemoryMarshal.GetArrayDataReference(keys);
        string? candidate = Unsafe.Add(ref key, i);
        if (candidate is not null && QomNameTable.SameName(name, candidate))
        {
            return Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(values), i);
        }

        return perfect || candidate is null ? null : Probe(name, i);
    }

    // What a slot is computed from: the first and last 8 bytes of the name (overlapping, or 4 and
    // 2 bytes for shorter names), its length folded into the first and, for a long name, its
    // middle 8 bytes too. Names that agree on all of these are told apart by the comparison.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Words(ReadOnlySpan<char> name, out ulong first, out ulong last)
    {
        int length = name.Length * sizeof(char);
        ref byte start = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(name));
        if (length >= sizeof(ulong))
        {
            first = Unsafe.ReadUnaligned<ulong>(ref start);
            last = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, length - sizeof(ulong)));
            if (length > 3 * sizeof(ulong))
            {
                first ^= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, (length / 2) - 4)) * SeedMix;
            }
        }
        else if (length >= sizeof(uint))
        {
            first = Unsafe.ReadUnaligned<uint>(ref start);
            last = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, length - sizeof(uint)));
        }
        else
        {
            first = length >= sizeof(ushort) ? Unsafe.ReadUnaligned<ushort>(ref start) : 0UL;
            last = 0;
        }

        first += (ulong)length;
    }

    // Two multiplies that run side by side and the top bits of their combination: a multiply
    // carries every bit of its operand into the top bits, and a short dependency chain matters
    // more than a thorough mix here, since a seed is searched for that separates the names.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(ulong first, ulong last, ulong seed1, ulong seed2, int shift) => (int)(((first * seed1) ^ (last * seed2)) >> shift);

    // The last property found by a string, keyed by the string's identity: a name held in a field
    // or a constant (a device's own code, a benchmark loop) skips the hash. Immutable, so threads
    // may race on it; names sliced from a command line use the span look-up and never touch it.
    private sealed record Recent(string Name, QomProperty Property);

    private Recent? recent;

    public QomProperty? Find(string name)
    {
        var last = Volatile.Read(ref recent);
        if (last is not null && ReferenceEquals(last.Name, name))
        {
            return last.Property;
        }

        var found = Find(name.AsSpan());
        if (found is not null)
        {
            Volatile.Write(ref recent, new Recent(name, found));
        }

        return found;
    }

    private QomProperty? Probe(ReadOnlySpan<char> name, int start)
    {
        int mask = keys.Length - 1;
        for (int i = (start + 1) & mask; keys[i] is { } candidate; i = (i + 1) & mask)
        {
            if (name.SequenceEqual(candidate))
            {
                return values[i];
            }
        }

        return null;
    }

    private static bool TryPlacePerfectly((ulong First, ulong Last)[] words, List<QomProperty> names, int shift, ulong seed1, ulong seed2, string?[] keys, QomProperty?[] values)
    {
        Array.Clear(keys);
        Array.Clear(values);
        for (int n = 0; n < names.Count; n++)
        {
            int i = Slot(words[n].First, words[n].Last, seed1, seed2, shift);
            if (keys[i] is not null)
            {
                return false;
            }

            keys[i] = names[n].Name;
            values[i] = names[n];
        }

        return true;
    }
}
