using System.Text;

namespace QomSharp.Options;

/// <summary>A keyval leaf: keyval values are always strings, whatever the property's type.</summary>
public sealed class KeyvalString : KeyvalNode
{
    /// <summary>Creates a leaf holding <paramref name="value"/>.</summary>
    public KeyvalString(string value) => Value = value;

    /// <summary>The value, with <c>,,</c> escapes already resolved.</summary>
    public string Value { get; }

    internal override KeyvalNode DeepCopy() => this; // immutable: sharing is safe

    internal override void WriteJson(StringBuilder builder) => WriteJsonString(builder, Value);
}
