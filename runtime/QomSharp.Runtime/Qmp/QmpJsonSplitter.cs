using System.Text;

namespace QomSharp.Qmp;

/// <summary>
/// Cuts a character stream into JSON values the way QEMU's JSON streamer does: a value ends when
/// its braces and brackets balance outside strings, wherever the line breaks are; a bare token at
/// the top level ends at white space.
/// </summary>
public sealed class QmpJsonSplitter
{
    private readonly StringBuilder pending = new();
    private int depth;
    private bool inString;
    private bool escaped;

    /// <summary>Feeds one character; returns a complete value's text when one ends with it.</summary>
    public string? Feed(char c)
    {
        if (depth == 0 && !inString && char.IsWhiteSpace(c))
        {
            return pending.Length > 0 ? Flush() : null;
        }

        pending.Append(c);
        if (inString)
        {
            if (escaped)
            {
                escaped = false;
            }
            else if (c == '\\')
            {
                escaped = true;
            }
            else if (c == '"')
            {
                inString = false;
            }

            return null;
        }

        switch (c)
        {
            case '"':
                inString = true;
                return null;
            case '{' or '[':
                depth++;
                return null;
            case '}' or ']':
                depth--;
                return depth <= 0 ? Flush() : null;
            default:
                return null;
        }
    }

    /// <summary>Whatever is pending at the end of input, if anything.</summary>
    public string? Finish() => pending.Length > 0 ? Flush() : null;

    private string Flush()
    {
        string text = pending.ToString();
        pending.Clear();
        depth = 0;
        inString = false;
        escaped = false;
        return text;
    }
}
