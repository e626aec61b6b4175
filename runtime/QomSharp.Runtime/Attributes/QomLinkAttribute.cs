using System;

namespace QomSharp;

/// <summary>
/// Declares a <c>link&lt;T&gt;</c> class property on a partial C# property whose type is a QOM type
/// or a QOM interface. The link is settable by name (a path) unless <see cref="ReadOnly"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class QomLinkAttribute(string name) : Attribute
{
    /// <summary>The QOM property name.</summary>
    public string Name { get; } = name;

    /// <summary>A strong link holds a reference on its target.</summary>
    public bool Strong { get; set; } = true;

    /// <summary>A read-only link has no setter by name (QEMU: no check callback).</summary>
    public bool ReadOnly { get; set; }

    /// <summary>The description shown by help output.</summary>
    public string? Description { get; set; }
}
