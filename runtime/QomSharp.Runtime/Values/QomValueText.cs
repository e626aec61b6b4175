using System;

namespace QomSharp;

/// <summary>
/// QEMU's text conversions: <c>qapi_bool_parse</c>, <c>qemu_strtoi64</c>/<c>qemu_strtou64</c>
/// (C <c>strtoll</c>/<c>strtoull</c> with base 0, whole string), <c>qemu_strtosz</c> and
/// <c>parse_option_size</c>.
/// </summary>
public static class QomValueText
{
    /// <summary>The outcome of a size conversion.</summary>
    public enum SizeResult
    {
        /// <summary>Converted.</summary>
        Ok,
        /// <summary>Not a size (QEMU's -EINVAL).</summary>
        Invalid,
        /// <summary>Beyond 2^64-1 (QEMU's -ERANGE).</summary>
        OutOfRange,
    }

    /// <summary>The hint QEMU appends to a bad size.</summary>
    public const string SizeHint = "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\nand exabytes, respectively.\n";

    /// <summary><c>on</c>/<c>yes</c>/<c>true</c>/<c>y</c> or <c>off</c>/<c>no</c>/<c>false</c>/<c>n</c>, case-sensitive.</summary>
    public static bool ParseBool(string name, ReadOnlySpan<char> value) => value switch
    {
        "on" or "yes" or "true" or "y" => true,
        "off" or "no" or "false" or "n" => false,
        _ => throw NotABool(name),
    };

    // Out of line, as the other messages on hot paths: formatting in ParseBool itself would cost
    // every successful parse the formatter's stack frame.
    private static QomException NotABool(string name) => new($"Parameter '{name}' expects 'on' or 'off'");

    /// <summary>C <c>strtoll(s, &amp;end, 0)</c> consuming the whole string, without overflow.</summary>
    public static bool TryParseInt64(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        if (!TryParseMagnitude(s, out bool negative, out ulong magnitude))
        {
            return false;
        }

        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = unchecked(-(long)magnitude);
            return true;
        }

        if (magnitude > long.MaxValue)
        {
            return false;
        }

        value = (long)magnitude;
        return true;
    }

    /// <summary>C <c>strtoull(s, &amp;end, 0)</c> consuming the whole string: a leading '-' negates (wraps).</summary>
    public static bool TryParseUInt64(ReadOnlySpan<char> s, out ulong value)
    {
        value = 0;
        if (!TryParseMagnitude(s, out bool negative, out ulong magnitude))
        {
            return false;
        }

        value = negative ? unchecked(0UL - magnitude) : magnitude;
        return true;
    }

    // Optional leading white space, optional sign, then 0x/0X hex, 0 octal or decimal digits;
    // false on no digits, trailing characters or a magnitude beyond 2^64-1.
    private static bool TryParseMagnitude(ReadOnlySpan<char> s, out bool negative, out ulong magnitude)
    {
        negative = false;
        return TryParsePlainDecimal(s, out magnitude) || TryParseMagnitudeSlow(s, out negative, out magnitude);
    }

    // The common case on its own: 1 to 19 decimal digits, no leading zero (which means octal), no
    // sign or white space. 19 digits cannot overflow, so no check per digit is needed.
    private static bool TryParsePlainDecimal(ReadOnlySpan<char> s, out ulong magnitude)
    {
        magnitude = 0;
        if ((uint)(s.Length - 1) >= 19 || (s[0] == '0' && s.Length > 1))
        {
            return false;
        }

        ulong value = 0;
        foreach (char c in s)
        {
            uint digit = (uint)(c - '0');
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        magnitude = value;
        return true;
    }

    private static bool TryParseMagnitudeSlow(ReadOnlySpan<char> s, out bool negative, out ulong magnitude)
    {
        negative = false;
        magnitude = 0;
        int i = 0;
        while (i < s.Length && IsCSpace(s[i]))
        {
            i++;
        }

        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }

        uint radix = 10;
        if (i + 1 < s.Length && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X') && i + 2 < s.Length && DigitValue(s[i + 2]) < 16)
        {
            radix = 16;
            i += 2;
        }
        else if (i < s.Length && s[i] == '0')
        {
            radix = 8;
        }

        int start = i;
        for (; i < s.Length; i++)
        {
            uint d = DigitValue(s[i]);
            if (d >= radix)
            {
                break;
            }

            // magnitude * radix + d, refused past 2^64-1 (a multiply, not a division per digit).
            ulong high = Math.BigMul(magnitude, radix, out ulong low);
            ulong next = unchecked(low + d);
            if (high != 0 || next < low)
            {
                return false;
            }

            magnitude = next;
        }

        return i > start && i == s.Length;
    }

    /// <summary>QEMU's <c>parse_option_size</c>: a size or the error QEMU reports for it.</summary>
    public static ulong ParseOptionSize(string name, string value)
    {
        switch (TryParseSize(value, out ulong size))
        {
            case SizeResult.Ok:
                return size;
            case SizeResult.OutOfRange:
                throw new QomException($"Value '{value}' is out of range for parameter '{name}'");
            default:
                throw new QomException($"Parameter '{name}' expects a non-negative number below 2^64", hint: SizeHint);
        }
    }

    /// <summary>
    /// QEMU's <c>qemu_strtosz</c>: a decimal integer, or <c>0x</c> hex without fraction or suffix;
    /// an optional fraction (<c>1.5</c>, <c>.5</c>, <c>1.</c>), which needs a scaling suffix unless
    /// it is zero; an optional suffix B, K, M, G, T, P or E (either case, powers of 1024). The
    /// result is exact, rounding half a byte up. Negative numbers and overflow are out of range.
    /// </summary>
    public static SizeResult TryParseSize(ReadOnlySpan<char> s, out ulong value)
    {
        value = 0;
        var integral = ParseUnsignedDecimal(s, out ulong whole, out int end);
        if (integral == SizeResult.OutOfRange)
        {
            return SizeResult.OutOfRange;
        }

        ulong fraction = 0;
        if (integral == SizeResult.Ok && whole == 0 && end < s.Length && (s[end] == 'x' || s[end] == 'X'))
        {
            // Hex is accepted only as a plain integer: no fraction, no suffix.
            var hex = ParseHex(s, end + 1, out whole, out end);
            if (hex != SizeResult.Ok)
            {
                return hex;
            }

            if (end < s.Length && (s[end] == '.' || SuffixMultiplier(s[end]) != 0))
            {
                return SizeResult.Invalid;
            }
        }
        else if ((end < s.Length && s[end] == '.') || (integral == SizeResult.Invalid && s.Contains('.')))
        {
            if (integral == SizeResult.Ok && (end + 1 >= s.Length || !char.IsAsciiDigit(s[end + 1])))
            {
                end++; // "1." and "1.k": a point without digits
            }
            else
            {
                var parsed = ParseFraction(s, end, out fraction, out end, out bool one);
                if (parsed != SizeResult.Ok)
                {
                    return parsed;
                }

                if (one)
                {
                    if (whole == ulong.MaxValue)
                    {
                        return SizeResult.OutOfRange;
                    }

                    whole++;
                }
            }
        }
        else if (integral != SizeResult.Ok)
        {
            return SizeResult.Invalid;
        }

        ulong multiplier = end < s.Length ? SuffixMultiplier(s[end]) : 0;
        if (multiplier != 0)
        {
            end++;
        }
        else
        {
            multiplier = 1;
        }

        if (end != s.Length)
        {
            return SizeResult.Invalid;
        }

        if (multiplier == 1)
        {
            // A non-zero fraction needs a scale.
            if (fraction != 0)
            {
                return SizeResult.Invalid;
            }

            value = whole;
            return SizeResult.Ok;
        }

        // 64.64 fixed point times the multiplier; round half up; overflow is out of range.
        UInt128 scaledFraction = (UInt128)fraction * multiplier;
        UInt128 total = ((UInt128)whole * multiplier) + (scaledFraction >> 64) + ((ulong)scaledFraction >> 63);
        if (total > ulong.MaxValue)
        {
            return SizeResult.OutOfRange;
        }

        value = (ulong)total;
        return SizeResult.Ok;
    }

    // QEMU's parse_uint in base 10: white space, an optional sign, digits. No digits: Invalid (end
    // at 0); a minus sign or overflow: OutOfRange.
    private static SizeResult ParseUnsignedDecimal(ReadOnlySpan<char> s, out ulong value, out int end)
    {
        value = 0;
        end = 0;
        int i = 0;
        while (i < s.Length && IsCSpace(s[i]))
        {
            i++;
        }

        bool negative = i < s.Length && s[i] == '-';
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            i++;
        }

        int digits = i;
        bool overflow = false;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            uint d = (uint)(s[i] - '0');
            if (overflow || value > (ulong.MaxValue - d) / 10)
            {
                overflow = true;
                continue;
            }

            value = (value * 10) + d;
        }

        if (i == digits)
        {
            value = 0;
            return SizeResult.Invalid;
        }

        end = i;
        if (overflow || negative)
        {
            value = 0;
            return SizeResult.OutOfRange;
        }

        return SizeResult.Ok;
    }

    // The hex digits after "0x" (strtoull base 16 from the start of the string).
    private static SizeResult ParseHex(ReadOnlySpan<char> s, int start, out ulong value, out int end)
    {
        value = 0;
        int i = start;
        for (; i < s.Length && DigitValue(s[i]) < 16; i++)
        {
            if (value > (ulong.MaxValue >> 4))
            {
                end = i;
                return SizeResult.OutOfRange;
            }

            value = (value << 4) | DigitValue(s[i]);
        }

        // "0x" without hex digits: strtoull stops after the 0, leaving "x..." as junk.
        end = i == start ? start - 1 : i;
        return SizeResult.Ok;
    }

    // The fraction from s[start] as strtod reads it, with 'e'/'E' treated as suffixes, not
    // exponents; as a 64-bit binary fraction (non-zero if any digit is), or "one" when it rounds to 1.
    private static SizeResult ParseFraction(ReadOnlySpan<char> s, int start, out ulong fraction, out int end, out bool one)
    {
        fraction = 0;
        one = false;
        end = start;
        int i = start;
        while (i < s.Length && IsCSpace(s[i]))
        {
            i++;
        }

        bool negative = i < s.Length && s[i] == '-';
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            i++;
        }

        int numberStart = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
        }

        var number = s[numberStart..i];
        if (number.IndexOfAnyInRange('0', '9') < 0)
        {
            return SizeResult.Invalid; // strtod converted nothing
        }

        end = i;
        double parsed = double.Parse(number, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture);
        if (negative)
        {
            return SizeResult.OutOfRange;
        }

        if (parsed == 1.0)
        {
            one = true;
            return SizeResult.Ok;
        }

        fraction = (ulong)(parsed * 18446744073709551616.0);
        if (fraction == 0 && number.IndexOfAnyInRange('1', '9') >= 0)
        {
            fraction = 1;
        }

        return SizeResult.Ok;
    }

    private static ulong SuffixMultiplier(char c) => c switch
    {
        'B' or 'b' => 1,
        'K' or 'k' => 1UL << 10,
        'M' or 'm' => 1UL << 20,
        'G' or 'g' => 1UL << 30,
        'T' or 't' => 1UL << 40,
        'P' or 'p' => 1UL << 50,
        'E' or 'e' => 1UL << 60,
        _ => 0,
    };

    private static uint DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => (uint)(c - '0'),
        >= 'a' and <= 'z' => (uint)(c - 'a' + 10),
        >= 'A' and <= 'Z' => (uint)(c - 'A' + 10),
        _ => uint.MaxValue,
    };

    private static bool IsCSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';
}
