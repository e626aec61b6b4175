using System;

namespace QomSharp;

/// <summary>QEMU's rules for type names (<c>type_name_is_valid</c>) and identifiers (<c>id_wellformed</c>).</summary>
public static class QomTypeNames
{
    /// <summary>
    /// At least two characters; the first an ASCII letter or digit other than <c>0</c>; the rest
    /// letters, digits, <c>-</c>, <c>_</c>, <c>.</c>; a <c>+</c> only in the legacy
    /// <c>Sun-UltraSparc-I…+</c> names. (QEMU asserts on names shorter than two characters.)
    /// </summary>
    public static bool IsValidTypeName(ReadOnlySpan<char> name)
    {
        if (name.Length < 2 || !char.IsAsciiLetterOrDigit(name[0]) || name[0] == '0')
        {
            return false;
        }

        int prefix = 0;
        while (prefix < name.Length && IsTypeNameChar(name[prefix]))
        {
            prefix++;
        }

        if (prefix < name.Length && name[prefix] == '+' && prefix >= 17 && name.StartsWith("Sun-UltraSparc-I", StringComparison.Ordinal))
        {
            return true;
        }

        return prefix == name.Length;
    }

    /// <summary>An ASCII letter first, then letters, digits, <c>-</c>, <c>.</c>, <c>_</c> (QEMU's <c>id_wellformed</c>).</summary>
    public static bool IsWellFormedId(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty || !char.IsAsciiLetter(id[0]))
        {
            return false;
        }

        foreach (char c in id[1..])
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '.' && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsTypeNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_' || c == '.';
}
