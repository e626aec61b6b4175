using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace QomSharp;

/// <summary>
/// QEMU's visit of an <c>ObjectOptions</c> branch that has a QAPI struct (<see cref="IObjectOptionsSchema"/>):
/// every member in schema order, checked with the messages of the visitor that reads it (the opts
/// visitor for <c>key=value</c>, the strict JSON visitor for JSON), a missing required member where
/// the visit reaches it, then a member the struct does not have. The result holds each given member
/// as a typed value, in schema order, as QEMU hands them to the object.
/// </summary>
internal static class ObjectOptionsVisitor
{
    // The opts visitor's largest range (OPTS_VISITOR_RANGE_MAX).
    private const ulong MaxRange = 65536;

    /// <summary>The <c>key=value</c> form: <paramref name="options"/> as QemuOpts holds them (a repeated key is the last one's, or a list).</summary>
    public static List<KeyValuePair<string, QomInput>> FromKeyval(IObjectOptionsSchema schema, IReadOnlyList<KeyValuePair<string, string>> options)
    {
        var result = new List<KeyValuePair<string, QomInput>>();
        var known = new HashSet<string>(StringComparer.Ordinal) { "qom-type", "id" };
        foreach (var member in schema.OptionMembers)
        {
            known.Add(member.Name);
            var values = new List<string>();
            foreach (var (name, value) in options)
            {
                if (name == member.Name)
                {
                    values.Add(value);
                }
            }

            if (values.Count == 0)
            {
                if (member.Required)
                {
                    throw new QomException($"Parameter '{member.Name}' is missing");
                }

                continue;
            }

            result.Add(new(member.Name, KeyvalValue(member, values)));
        }

        foreach (var (name, _) in options)
        {
            if (!known.Contains(name))
            {
                throw new QomException($"Invalid parameter '{name}'");
            }
        }

        return result;
    }

    /// <summary>The JSON form: the members other than <c>qom-type</c> and <c>id</c>.</summary>
    public static List<KeyValuePair<string, QomInput>> FromJson(IObjectOptionsSchema schema, IReadOnlyList<KeyValuePair<string, JsonElement>> members)
    {
        var result = new List<KeyValuePair<string, QomInput>>();
        var known = new HashSet<string>(StringComparer.Ordinal) { "qom-type", "id" };
        foreach (var member in schema.OptionMembers)
        {
            known.Add(member.Name);
            JsonElement? given = null;
            foreach (var (name, value) in members)
            {
                if (name == member.Name)
                {
                    given = value;
                }
            }

            if (given is not { } element)
            {
                if (member.Required)
                {
                    throw new QomException($"Parameter '{member.Name}' is missing");
                }

                continue;
            }

            result.Add(new(member.Name, JsonValue(member, element)));
        }

        foreach (var (name, _) in members)
        {
            if (!known.Contains(name))
            {
                throw new QomException($"Parameter '{name}' is unexpected");
            }
        }

        return result;
    }

    private static QomInput KeyvalValue(ObjectOptionMember member, List<string> values)
    {
        string last = values[^1];
        string name = member.Name;
        switch (member.Type)
        {
            case ObjectOptionType.Bool:
                return QomInput.FromBool(QomValueText.ParseBool(name, last));
            case ObjectOptionType.Size:
                return QomValueText.TryParseSize(last, out ulong size) == QomValueText.SizeResult.Ok
                    ? QomInput.FromUInt(size)
                    : throw new QomException($"Parameter '{name}' expects a size value");
            case ObjectOptionType.UInt32:
                ulong n = TryParseUnsigned(last, out ulong parsed) ? parsed : throw new QomException($"Parameter '{name}' expects a uint64 value");
                return n <= uint.MaxValue ? QomInput.FromUInt(n) : throw new QomException($"Parameter '{name}' expects uint32_t");
            case ObjectOptionType.Enum:
                return IsMember(member, last) ? QomInput.FromStr(last) : throw new QomException($"Parameter '{name}' does not accept value '{last}'");
            case ObjectOptionType.UInt16List:
                return KeyvalList(name, values);
            default:
                return QomInput.FromStr(last);
        }
    }

    // The opts visitor's integer lists: each occurrence a number or a range "a-b" (a <= b).
    private static QomInput KeyvalList(string name, List<string> values)
    {
        var json = new StringBuilder("[");
        foreach (string value in values)
        {
            int dash = value.IndexOf('-', StringComparison.Ordinal);
            ulong low;
            ulong high = 0;
            bool ok = dash < 0
                ? TryParseUnsigned(value, out low)
                : TryParseUnsigned(value.AsSpan(0, dash), out low) && TryParseUnsigned(value.AsSpan(dash + 1), out high) && low <= high && high - low < MaxRange;
            if (dash < 0)
            {
                high = low;
            }

            if (!ok)
            {
                throw new QomException($"Parameter '{name}' expects a uint64 value or range");
            }

            for (ulong v = low; ; v++)
            {
                if (v > ushort.MaxValue)
                {
                    // QEMU names no member for a list element's range check.
                    throw new QomException("Parameter 'null' expects uint16_t");
                }

                json.Append(json.Length > 1 ? "," : string.Empty).Append(v.ToString(CultureInfo.InvariantCulture));
                if (v == high)
                {
                    break;
                }
            }
        }

        json.Append(']');
        return QomInput.FromJson(JsonDocument.Parse(json.ToString()).RootElement.Clone());
    }

    private static QomInput JsonValue(ObjectOptionMember member, JsonElement value)
    {
        string name = member.Name;
        switch (member.Type)
        {
            case ObjectOptionType.Bool:
                return value.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? QomInput.FromBool(value.ValueKind == JsonValueKind.True)
                    : throw InvalidType(name, "boolean");
            case ObjectOptionType.Size:
                return QomInput.FromUInt(JsonUnsigned(name, value));
            case ObjectOptionType.UInt32:
                ulong n = JsonUnsigned(name, value);
                return n <= uint.MaxValue ? QomInput.FromUInt(n) : throw new QomException($"Parameter '{name}' expects uint32_t");
            case ObjectOptionType.Enum:
                string text = value.ValueKind == JsonValueKind.String ? value.GetString()! : throw InvalidType(name, "string");
                return IsMember(member, text) ? QomInput.FromStr(text) : throw new QomException($"Parameter '{name}' does not accept value '{text}'");
            case ObjectOptionType.UInt16List:
                if (value.ValueKind != JsonValueKind.Array)
                {
                    throw InvalidType(name, "array");
                }

                int index = 0;
                foreach (var element in value.EnumerateArray())
                {
                    if (JsonUnsigned($"{name}[{index++}]", element) > ushort.MaxValue)
                    {
                        throw new QomException("Parameter 'null' expects uint16_t");
                    }
                }

                return QomInput.FromJson(value.Clone());
            default:
                return value.ValueKind == JsonValueKind.String ? QomInput.FromStr(value.GetString()) : throw InvalidType(name, "string");
        }
    }

    // The strict JSON visitor's uint64: a JSON integer (a negative one wraps, as QEMU's does).
    private static ulong JsonUnsigned(string name, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetUInt64(out ulong u))
            {
                return u;
            }

            if (value.TryGetInt64(out long i))
            {
                return unchecked((ulong)i);
            }
        }

        throw new QomException($"Parameter '{name}' expects uint64");
    }

    // QEMU's parse_uint_full (base 0): decimal, 0x hex or 0 octal, no sign, the whole text.
    private static bool TryParseUnsigned(ReadOnlySpan<char> s, out ulong value)
    {
        value = 0;
        int radix = 10;
        int i = 0;
        if (s.Length > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        {
            radix = 16;
            i = 2;
        }
        else if (s.Length > 1 && s[0] == '0')
        {
            radix = 8;
            i = 1;
        }

        if (i >= s.Length)
        {
            return false;
        }

        for (; i < s.Length; i++)
        {
            int digit = s[i] switch
            {
                >= '0' and <= '9' => s[i] - '0',
                >= 'a' and <= 'f' => s[i] - 'a' + 10,
                >= 'A' and <= 'F' => s[i] - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix || value > (ulong.MaxValue - (ulong)digit) / (ulong)radix)
            {
                return false;
            }

            value = (value * (ulong)radix) + (ulong)digit;
        }

        return true;
    }

    private static bool IsMember(ObjectOptionMember member, string name)
    {
        foreach (string candidate in member.EnumMembers!)
        {
            if (candidate == name)
            {
                return true;
            }
        }

        return false;
    }

    private static QomException InvalidType(string name, string expected) => new($"Invalid parameter type for '{name}', expected: {expected}");
}
