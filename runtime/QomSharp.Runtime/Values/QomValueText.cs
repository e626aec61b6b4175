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
        _ => throw new QomException($"Parameter '{name}' expects 'on' or 'off'"),
    };

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

            ulong next = unchecked((magnitude * radix) + d);
            if (magnitude > (ulong.MaxValue - d) / radix)
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
    /// QEMU's <c>qemu_strtosz</c>: decimal digits, an optional fraction (only with a suffix), an
    /// optional suffix B, K, M, G, T, P or E (either case, powers of 1024); no sign, no hex.
    /// </summary>
    public static SizeResult TryParseSize(ReadOnlySpan<char> s, out ulong value)
    {
        value = 0;
        int i = 0;
        while (i < s.Length && IsCSpace(s[i]))
        {
            i++;
        }

        if (i < s.Length && s[i] == '-')
        {
            return SizeResult.Invalid;
        }

        if (i < s.Length && s[i] == '+')
        {
            i++;
        }

        int digitsStart = i;
        ulong whole = 0;
        bool overflow = false;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            uint d = (uint)(s[i] - '0');
            if (whole > (ulong.MaxValue - d) / 10)
            {
                overflow = true;
            }
            else
            {
                whole = (whole * 10) + d;
            }
        }

        if (i == digitsStart)
        {
            return SizeResult.Invalid;
        }

        if (overflow)
        {
            return SizeResult.OutOfRange;
        }

        if (whole == 0 && i < s.Length && (s[i] == 'x' || s[i] == 'X'))
        {
            return SizeResult.Invalid;
        }

        double fraction = 0;
        bool hasFraction = false;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            int fractionStart = i;
            double scale = 0.1;
            for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
            {
                fraction += (s[i] - '0') * scale;
                scale /= 10;
            }

            if (i == fractionStart)
            {
                return SizeResult.Invalid;
            }

            hasFraction = fraction != 0;
        }

        ulong multiplier = 1;
        if (i < s.Length)
        {
            multiplier = SuffixMultiplier(s[i]);
            if (multiplier == 0)
            {
                return SizeResult.Invalid;
            }

            i++;
        }

        if (i != s.Length)
        {
            return SizeResult.Invalid;
        }

        if (multiplier == 1)
        {
            if (hasFraction)
            {
                return SizeResult.Invalid;
            }

            value = whole;
            return SizeResult.Ok;
        }

        if (whole > ulong.MaxValue / multiplier)
        {
            return SizeResult.OutOfRange;
        }

        ulong scaled = whole * multiplier;
        ulong extra = (ulong)(fraction * multiplier);
        if (scaled > ulong.MaxValue - extra)
        {
            return SizeResult.OutOfRange;
        }

        value = scaled + extra;
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
