using System;

namespace QomSharp.Devices.Pci;

/// <summary>
/// Device/function numbers (devfn = slot &lt;&lt; 3 | function) and QEMU 7.2's text form of the
/// <c>addr</c> property: <c>slot[.function]</c> in hex, read as C's <c>strtoul</c> base 16 into
/// 32-bit unsigned ints (so <c>0x3</c> and <c> 3</c> are accepted, <c>-1</c> and <c>3.</c> are not).
/// </summary>
public static class PciDevfn
{
    private const uint MaxSlot = 31;
    private const uint MaxFunction = 7;

    /// <summary>The slot of a devfn.</summary>
    public static int Slot(int devfn) => (devfn >> 3) & 0x1f;

    /// <summary>The function of a devfn.</summary>
    public static int Function(int devfn) => devfn & 7;

    /// <summary>The devfn of a slot and function.</summary>
    public static int Of(int slot, int function) => (slot << 3) | function;

    /// <summary>The form <c>info qtree</c> prints: <c>05.0</c>.</summary>
    public static string Format(int devfn) => $"{Slot(devfn):x2}.{Function(devfn):x}";

    /// <summary>Parses <c>slot[.function]</c>; false where QEMU refuses the text.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out int devfn)
    {
        devfn = -1;
        if (!TryParseHexUnsigned(text, out uint slot, out int used))
        {
            return false;
        }

        uint function = 0;
        var rest = text[used..];
        if (rest.Length > 0 && rest[0] == '.')
        {
            rest = rest[1..];
            if (!TryParseHexUnsigned(rest, out function, out used))
            {
                return false;
            }

            rest = rest[used..];
        }

        if (slot > MaxSlot || function > MaxFunction || rest.Length > 0)
        {
            return false;
        }

        devfn = Of((int)slot, (int)function);
        return true;
    }

    // strtoul(text, &end, 16) stored into an unsigned int: leading white space, a sign, an
    // optional 0x; overflow saturates to ULONG_MAX; the store keeps the low 32 bits.
    private static bool TryParseHexUnsigned(ReadOnlySpan<char> text, out uint value, out int used)
    {
        value = 0;
        used = 0;
        int at = 0;
        while (at < text.Length && (text[at] == ' ' || (text[at] >= '\t' && text[at] <= '\r')))
        {
            at++;
        }

        bool negative = false;
        if (at < text.Length && (text[at] == '+' || text[at] == '-'))
        {
            negative = text[at] == '-';
            at++;
        }

        // "0x" is a prefix only when a digit follows; otherwise the 0 is read and the x ends the number.
        if (at + 2 < text.Length && text[at] == '0' && (text[at + 1] | 0x20) == 'x' && IsHexDigit(text[at + 2]))
        {
            at += 2;
        }

        int digitsStart = at;
        ulong accumulated = 0;
        bool overflow = false;
        while (at < text.Length && IsHexDigit(text[at]))
        {
            ulong digit = (ulong)HexValue(text[at]);
            if (accumulated > (ulong.MaxValue - digit) / 16)
            {
                overflow = true;
            }

            accumulated = unchecked(accumulated * 16 + digit);
            at++;
        }

        if (at == digitsStart)
        {
            return false;
        }

        ulong result = overflow ? ulong.MaxValue : negative ? unchecked(0UL - accumulated) : accumulated;
        value = unchecked((uint)result);
        used = at;
        return true;
    }

    private static bool IsHexDigit(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
