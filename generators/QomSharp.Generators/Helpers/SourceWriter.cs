using System.Text;

namespace QomSharp.Generators.Helpers;

/// <summary>An indenting text writer for emitted C# (four spaces, '\n' line ends on every OS).</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder builder = new();
    private int indent;

    public void Indent() => indent++;

    public void Unindent() => indent--;

    public SourceWriter Line(string text = "")
    {
        if (text.Length != 0)
        {
            builder.Append(' ', indent * 4);
            builder.Append(text);
        }

        builder.Append('\n');
        return this;
    }

    public void OpenBlock(string header)
    {
        Line(header);
        Line("{");
        indent++;
    }

    public void CloseBlock(string suffix = "")
    {
        indent--;
        Line("}" + suffix);
    }

    public override string ToString() => builder.ToString();
}
