using System;
using System.Text;

namespace QomSharp.Options;

/// <summary>Lexical pieces shared by the keyval and QemuOpts parsers.</summary>
internal static class OptionSyntax
{
    /// <summary>
    /// Length of the QAPI name at <paramref name="start"/> (QEMU's <c>parse_qapi_name</c>, not
    /// requiring completeness), or 0 if there is none. A name is an ASCII letter then letters,
    /// digits, <c>-</c>, <c>_</c>; it may be prefixed by a downstream <c>__RFQDN_</c>, whose RFQDN
    /// allows letters, digits, <c>-</c> and <c>.</c>. Scanning stops at <paramref name="end"/>.
    /// </summary>
    public static int QapiNameLength(string text, int start, int end)
    {
        int p = start;
        if (p < end && text[p] == '_')
        {
            p++;
            if (p >= end || text[p] != '_')
            {
                return 0;
            }

            p++;
            while (p < end && (char.IsAsciiLetterOrDigit(text[p]) || text[p] == '-' || text[p] == '.'))
            {
                p++;
            }

            if (p >= end || text[p] != '_')
            {
                return 0;
            }

            p++;
        }

        if (p >= end || !char.IsAsciiLetter(text[p]))
        {
            return 0;
        }

        p++;
        while (p < end && (char.IsAsciiLetterOrDigit(text[p]) || text[p] == '-' || text[p] == '_'))
        {
            p++;
        }

        return p - start;
    }

    /// <summary>
    /// 1 if the text at <paramref name="start"/> begins with <c>?</c>, 4 if with <c>help</c>, else 0
    /// (QEMU's <c>starts_with_help_option</c>; the caller checks the element ends there).
    /// </summary>
    public static int HelpPrefixLength(string text, int start)
    {
        if (start < text.Length && text[start] == '?')
        {
            return 1;
        }

        return text.AsSpan(start).StartsWith("help", System.StringComparison.Ordinal) ? 4 : 0;
    }

    /// <summary>Exactly <c>help</c> or <c>?</c> (QEMU's <c>is_help_option</c>).</summary>
    public static bool IsHelpOption(string text) => text is "help" or "?";

    /// <summary>
    /// Reads a value from <paramref name="start"/> up to the first single comma, turning each
    /// <c>,,</c> into one comma. <paramref name="stop"/> is left at that comma or at the end.
    /// </summary>
    public static string ReadCommaEscapedValue(string text, int start, out int stop)
    {
        var value = new StringBuilder();
        int p = start;
        while (p < text.Length)
        {
            if (text[p] == ',')
            {
                if (p + 1 < text.Length && text[p + 1] == ',')
                {
                    value.Append(',');
                    p += 2;
                    continue;
                }

                break;
            }

            value.Append(text[p]);
            p++;
        }

        stop = p;
        return value.ToString();
    }

    /// <summary>Index of the first <c>=</c> or <c>,</c> at or after <paramref name="start"/>, or the text's length.</summary>
    public static int IndexOfEqualsOrComma(string text, int start)
    {
        int found = text.AsSpan(start).IndexOfAny('=', ',');
        return found < 0 ? text.Length : start + found;
    }
}
