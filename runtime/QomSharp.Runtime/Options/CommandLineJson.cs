using System;
using System.Text.Json;
using QomSharp.Json;

namespace QomSharp.Options;

/// <summary>
/// The JSON form of an option (<c>-device {...}</c>, <c>-object {...}</c>) read as QEMU's
/// <c>qobject_from_json</c> reads it, with QEMU's lexer, parser, limits and error texts: input that
/// stops inside the value is <c>JSON parse error, premature EOI</c>, more after the value is
/// <c>Expecting at most one JSON value</c> (see <see cref="QemuJsonStream.ParseOne"/>).
/// </summary>
public static class CommandLineJson
{
    /// <summary>Parses exactly one JSON value from <paramref name="text"/>.</summary>
    /// <exception cref="QomException">The text is not one JSON value.</exception>
    public static JsonElement Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parsed = QemuJsonStream.ParseOne(text);
        return parsed.Error is { } error ? throw new QomException(error) : parsed.Value;
    }
}
