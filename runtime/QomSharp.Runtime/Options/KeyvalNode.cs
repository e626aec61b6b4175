using System.Text;

namespace QomSharp.Options;

/// <summary>
/// A node of the tree QEMU's keyval syntax denotes (its "reduction to JSON"): a string leaf, a
/// dictionary, or a list. The root is always a <see cref="KeyvalDict"/>.
/// </summary>
public abstract class KeyvalNode
{
    private protected KeyvalNode()
    {
    }

    /// <summary>A compact JSON rendering in insertion order, for diagnostics and comparisons.</summary>
    public string ToJson()
    {
        var builder = new StringBuilder();
        WriteJson(builder);
        return builder.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => ToJson();

    /// <summary>A copy sharing nothing with this node, so merging never aliases two trees.</summary>
    internal abstract KeyvalNode DeepCopy();

    internal abstract void WriteJson(StringBuilder builder);

    internal static void WriteJsonString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                default:
                    if (c < ' ')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
