using System.Globalization;
using System.Text.Json.Nodes;

namespace QomSharp.Devices.I386;

/// <summary>
/// A CPU property value held without JSON: a boxed <see cref="bool"/>, <see cref="long"/>,
/// <see cref="ulong"/> or <see cref="string"/>, or the raw JSON text of a list. Converting the
/// table's literals this way keeps JSON parsing off the start-up path.
/// </summary>
internal static class X86CpuValue
{
    /// <summary>The value a table literal stands for (null for none).</summary>
    public static object? FromLiteral(string? json)
    {
        if (json is null)
        {
            return null;
        }

        if (json is "true" or "false")
        {
            return json == "true";
        }

        if (json.Length >= 2 && json[0] == '"')
        {
            return json[1..^1];
        }

        if (json[0] == '[')
        {
            return new RawJson(json);
        }

        return json[0] == '-' ? long.Parse(json, CultureInfo.InvariantCulture) : FromUnsigned(ulong.Parse(json, CultureInfo.InvariantCulture));
    }

    /// <summary>An unsigned value, boxed as <see cref="long"/> where it fits, so that equal numbers compare equal.</summary>
    public static object FromUnsigned(ulong value) => value <= long.MaxValue ? (long)value : value;

    /// <summary>The value as <c>qom-get</c> returns it.</summary>
    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        ulong u => JsonValue.Create(u),
        string s => JsonValue.Create(s),
        RawJson raw => JsonNode.Parse(raw.Text),
        _ => null,
    };

    /// <summary>The value as a signed integer (ids and levels).</summary>
    public static long ToInt64(object? value) => value switch
    {
        long l => l,
        ulong u => unchecked((long)u),
        _ => 0,
    };

    /// <summary>A list kept as its JSON text.</summary>
    public sealed record RawJson(string Text);
}
