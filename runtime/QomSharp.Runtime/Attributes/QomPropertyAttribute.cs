using System;

namespace QomSharp;

/// <summary>
/// Declares a class property on a partial C# property of a QOM type. Supported C# types: bool,
/// string, the eight integer types, enums marked <see cref="QomEnumAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class QomPropertyAttribute(string name) : Attribute
{
    /// <summary>The QOM property name (<c>aw-bits</c>).</summary>
    public string Name { get; } = name;

    /// <summary>The default value, in effect before any instance init runs.</summary>
    public object? Default { get; set; }

    /// <summary>The description shown by help output and <c>qom-list-properties</c>.</summary>
    public string? Description { get; set; }

    /// <summary>For a <c>ulong</c> property: use QEMU's <c>size</c> type (suffixes k, M, G, ...).</summary>
    public bool Size { get; set; }

    /// <summary>
    /// An instance property: added to each object at instance init (before the type's
    /// <see cref="QomInstanceInitAttribute"/> method runs), as QEMU's <c>object_property_add_*</c>
    /// in <c>instance_init</c>, instead of to the class. The object lists it before its class
    /// properties (QEMU's order); class introspection (<c>-device T,help</c>,
    /// <c>qom-list-properties</c>) does not show it.
    /// </summary>
    public bool Instance { get; set; }
}
