using System;
using System.Text;
using System.Text.Json;

namespace QomSharp.Options;

/// <summary>
/// The JSON form of an option (<c>-device {...}</c>, <c>-object {...}</c>) read as QEMU's
/// <c>qobject_from_json</c> reads it, with its error texts: input that stops inside the value is
/// <c>JSON parse error, premature EOI</c>, more after the value is <c>Expecting at most one JSON
/// value</c>.
/// </summary>
public static class CommandLineJson
{
    /// <summary>Parses exactly one JSON value from <paramref name="text"/>.</summary>
    /// <exception cref="QomException">The text is not one JSON value.</exception>
    public static JsonElement Parse(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, state: default);
        long end = -1;
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0 && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName))
                {
                    end = reader.BytesConsumed;
                    break;
                }
            }
        }
        catch (JsonException)
        {
            throw new QomException(Qmp.QmpJson.ParseErrorText(text));
        }

        if (end < 0)
        {
            throw new QomException("JSON parse error, premature EOI");
        }

        for (long i = end; i < bytes.Length; i++)
        {
            if (bytes[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                throw new QomException("Expecting at most one JSON value");
            }
        }

        using var document = JsonDocument.Parse(bytes.AsMemory(0, (int)end));
        return document.RootElement.Clone();
    }
}
