using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace QomSharp.Json;

/// <summary>
/// QEMU's JSON parser over the tokens of one value: its grammar (single-quoted strings too), its
/// string rules (escapes, surrogate pairs, no noncharacters, strict UTF-8), duplicate keys refused,
/// and its error texts, the first error winning. The value is rebuilt as standard JSON for
/// <see cref="JsonDocument"/>; the streamer has already bounded its depth and size.
/// </summary>
internal sealed class QemuJsonParser
{
    private const int MaxDepth = QemuJsonLimits.MaxNesting + 8;

    private readonly List<QemuJsonToken> tokens;
    private readonly byte[] text;
    private readonly Utf8JsonWriter writer;
    private int next;
    private string? error;

    private QemuJsonParser(List<QemuJsonToken> tokens, byte[] text, Utf8JsonWriter writer)
    {
        this.tokens = tokens;
        this.text = text;
        this.writer = writer;
    }

    public static QemuJsonResult Parse(List<QemuJsonToken> tokens, byte[] text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = MaxDepth, SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var parser = new QemuJsonParser(tokens, text, writer);
            if (!parser.ParseValue())
            {
                return QemuJsonResult.Failure(parser.error!);
            }
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = MaxDepth });
        return QemuJsonResult.Success(document.RootElement.Clone());
    }

    private QemuJsonToken? Peek() => next < tokens.Count ? tokens[next] : null;

    private QemuJsonToken? Pop() => next < tokens.Count ? tokens[next++] : null;

    private bool Fail(string message)
    {
        error ??= "JSON parse error, " + message;
        return false;
    }

    private bool ParseValue()
    {
        if (Peek() is not { } token)
        {
            return Fail("premature EOI");
        }

        switch (token.Kind)
        {
            case QemuJsonTokenKind.LeftBrace:
                return ParseObject();
            case QemuJsonTokenKind.LeftBracket:
                return ParseArray();
            case QemuJsonTokenKind.String:
                next++;
                if (DecodeString(token) is not { } s)
                {
                    return false;
                }

                writer.WriteStringValue(s);
                return true;
            case QemuJsonTokenKind.Integer or QemuJsonTokenKind.Float:
                next++;
                writer.WriteRawValue(text.AsSpan(token.Start, token.Length), skipInputValidation: true);
                return true;
            case QemuJsonTokenKind.Keyword:
                next++;
                string word = Encoding.ASCII.GetString(text, token.Start, token.Length);
                switch (word)
                {
                    case "true": writer.WriteBooleanValue(true); return true;
                    case "false": writer.WriteBooleanValue(false); return true;
                    case "null": writer.WriteNullValue(); return true;
                    default: return Fail($"invalid keyword '{word}'");
                }

            default:
                return Fail("expecting value");
        }
    }

    private bool ParseObject()
    {
        next++;
        writer.WriteStartObject();
        if (Peek() is not { } peek)
        {
            return Fail("premature EOI");
        }

        if (peek.Kind == QemuJsonTokenKind.RightBrace)
        {
            next++;
            writer.WriteEndObject();
            return true;
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            if (!ParsePair(keys))
            {
                return false;
            }

            if (Pop() is not { } token)
            {
                return Fail("premature EOI");
            }

            if (token.Kind == QemuJsonTokenKind.RightBrace)
            {
                writer.WriteEndObject();
                return true;
            }

            if (token.Kind != QemuJsonTokenKind.Comma)
            {
                return Fail("expected separator in dict");
            }
        }
    }

    private bool ParsePair(HashSet<string> keys)
    {
        if (Peek() is not { } peek)
        {
            return Fail("premature EOI");
        }

        // The key is parsed as any value first: its own errors come before "not a string".
        string? key = null;
        if (peek.Kind == QemuJsonTokenKind.String)
        {
            next++;
            key = DecodeString(peek);
            if (key is null)
            {
                return false;
            }
        }
        else if (peek.Kind is QemuJsonTokenKind.LeftBrace or QemuJsonTokenKind.LeftBracket or QemuJsonTokenKind.Keyword
                 or QemuJsonTokenKind.Integer or QemuJsonTokenKind.Float)
        {
            if (!SkipValue())
            {
                return false;
            }
        }

        if (key is null)
        {
            return Fail(peek.Kind is QemuJsonTokenKind.LeftBrace or QemuJsonTokenKind.LeftBracket or QemuJsonTokenKind.Keyword
                or QemuJsonTokenKind.Integer or QemuJsonTokenKind.Float ? "key is not a string in object" : "expecting value");
        }

        if (Pop() is not { } colon)
        {
            return Fail("premature EOI");
        }

        if (colon.Kind != QemuJsonTokenKind.Colon)
        {
            return Fail("missing : in object pair");
        }

        writer.WritePropertyName(key);
        if (!ParseValue())
        {
            return false;
        }

        return keys.Add(key) || Fail("duplicate key");
    }

    // A non-string key is still parsed (its errors win) before being refused; its JSON is discarded.
    private bool SkipValue()
    {
        var discard = new ArrayBufferWriter<byte>();
        using var scratch = new Utf8JsonWriter(discard, new JsonWriterOptions { MaxDepth = MaxDepth, SkipValidation = true });
        var inner = new QemuJsonParser(tokens, text, scratch) { next = next };
        bool ok = inner.ParseValue();
        next = inner.next;
        error ??= inner.error;
        return ok;
    }

    private bool ParseArray()
    {
        next++;
        writer.WriteStartArray();
        if (Peek() is not { } peek)
        {
            return Fail("premature EOI");
        }

        if (peek.Kind == QemuJsonTokenKind.RightBracket)
        {
            next++;
            writer.WriteEndArray();
            return true;
        }

        while (true)
        {
            if (!ParseValue())
            {
                return false;
            }

            if (Pop() is not { } token)
            {
                return Fail("premature EOI");
            }

            if (token.Kind == QemuJsonTokenKind.RightBracket)
            {
                writer.WriteEndArray();
                return true;
            }

            if (token.Kind != QemuJsonTokenKind.Comma)
            {
                return Fail("expected separator in list");
            }
        }
    }

    private string? DecodeString(QemuJsonToken token)
    {
        var span = text.AsSpan(token.Start, token.Length);
        byte quote = span[0];
        var result = new StringBuilder(span.Length);
        int i = 1;
        while (i < span.Length && span[i] != quote)
        {
            if (span[i] == (byte)'\\')
            {
                int begin = i;
                i++;
                byte escape = i < span.Length ? span[i] : (byte)0;
                i++;
                switch (escape)
                {
                    case (byte)'"': result.Append('"'); break;
                    case (byte)'\'': result.Append('\''); break;
                    case (byte)'\\': result.Append('\\'); break;
                    case (byte)'/': result.Append('/'); break;
                    case (byte)'b': result.Append('\b'); break;
                    case (byte)'f': result.Append('\f'); break;
                    case (byte)'n': result.Append('\n'); break;
                    case (byte)'r': result.Append('\r'); break;
                    case (byte)'t': result.Append('\t'); break;
                    case (byte)'u':
                        int codepoint = Hex4(span, i);
                        i += 4;
                        if (codepoint is >= 0xD800 and <= 0xDBFF && i + 1 < span.Length && span[i] == (byte)'\\' && span[i + 1] == (byte)'u')
                        {
                            int trailing = Hex4(span, i + 2);
                            if (trailing is >= 0xDC00 and <= 0xDFFF)
                            {
                                codepoint = 0x10000 + ((codepoint & 0x3FF) << 10) | (trailing & 0x3FF);
                                i += 6;
                            }
                            else
                            {
                                codepoint = -1;
                            }
                        }

                        if (!IsValidCodepoint(codepoint))
                        {
                            // QEMU quotes the escape as far as it read, up to the end of the token.
                            int end = Math.Min(i, span.Length);
                            Fail($"{Encoding.UTF8.GetString(span[begin..end])} is not a valid Unicode character");
                            return null;
                        }

                        result.Append(char.ConvertFromUtf32(codepoint));
                        break;
                    default:
                        Fail("invalid escape sequence in string");
                        return null;
                }
            }
            else
            {
                int codepoint = DecodeUtf8(span, ref i);
                if (codepoint < 0)
                {
                    Fail("invalid UTF-8 sequence in string");
                    return null;
                }

                if (codepoint < 0x10000)
                {
                    result.Append((char)codepoint);
                }
                else
                {
                    result.Append(char.ConvertFromUtf32(codepoint));
                }
            }
        }

        return result.ToString();
    }

    private static int Hex4(ReadOnlySpan<byte> span, int start)
    {
        int value = 0;
        for (int k = 0; k < 4; k++)
        {
            int digit = start + k < span.Length ? HexDigit(span[start + k]) : -1;
            if (digit < 0)
            {
                return -1;
            }

            value = (value << 4) | digit;
        }

        return value;
    }

    private static int HexDigit(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool IsValidCodepoint(int codepoint) =>
        codepoint is >= 0 and <= 0x10FFFF
        && codepoint is not (>= 0xFDD0 and <= 0xFDEF)
        && (codepoint & 0xFFFE) != 0xFFFE
        && codepoint is not (>= 0xD800 and <= 0xDFFF);

    // QEMU's modified UTF-8: strict, except that C0 80 stands for U+0000.
    private static int DecodeUtf8(ReadOnlySpan<byte> span, ref int i)
    {
        byte lead = span[i++];
        if (lead < 0x80)
        {
            return lead;
        }

        if (lead >= 0xFE || (lead & 0x40) == 0)
        {
            return -1;
        }

        int length = 0;
        int mask = 0x80;
        for (; (lead & mask) != 0; mask >>= 1)
        {
            length++;
        }

        int codepoint = lead & (mask - 1);
        for (int k = 1; k < length; k++)
        {
            byte b = k < 6 && i < span.Length ? span[i] : (byte)0;
            if ((b & 0xC0) != 0x80)
            {
                return -1;
            }

            i++;
            codepoint = (codepoint << 6) | (b & 0x3F);
        }

        ReadOnlySpan<int> minimum = [0x80, 0x800, 0x10000, 0x200000, 0x4000000];
        if (!IsValidCodepoint(codepoint))
        {
            return -1;
        }

        return codepoint < minimum[length - 2] && !(codepoint == 0 && length == 2) ? -1 : codepoint;
    }
}
