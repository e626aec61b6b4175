using System;

namespace QomSharp;

/// <summary>
/// Declares a <c>link&lt;T&gt;</c> class property on a partial C# property whose type is a QOM type
/// or a QOM interface. The link is settable by name (a path) unless <see cref="ReadOnly"/>. A
/// read-only weak link may be a getter-only property (<c>public Bus? ParentBus => bus;</c>): no
/// setter is needed.
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

    /// <summary>
    /// An instance property: added to each object at instance init (before the type's
    /// <see cref="QomInstanceInitAttribute"/> method runs), as QEMU's <c>object_property_add_link</c>
    /// in <c>instance_init</c>, instead of to the class.
    /// </summary>
    public bool Instance { get; set; }
}
