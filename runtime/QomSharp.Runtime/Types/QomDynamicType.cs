using System;
using System.Collections.Generic;

namespace QomSharp;

/// <summary>
/// The definition of a QOM type made at run time (QEMU's <c>TypeInfo</c> filled by a plugin):
/// name, parent, whether it is abstract or an interface, declared interfaces, and its code as
/// delegates. Register it with <see cref="QomDynamicModule.Register"/>. Every member except the
/// name and the parent is optional; a missing hook is not run, a missing factory inherits the
/// parent's (QEMU's inherited instance size).
/// </summary>
public sealed class QomDynamicType
{
    /// <summary>Defines a type named <paramref name="name"/> below <paramref name="parent"/>.</summary>
    public QomDynamicType(string name, string parent)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(parent);
        Name = name;
        Parent = parent;
    }

    /// <summary>The QOM type name.</summary>
    public string Name { get; }

    /// <summary>The parent's QOM type name (<c>object</c>, <c>interface</c>, or any registered type).</summary>
    public string Parent { get; }

    /// <summary>Whether the type cannot be instantiated.</summary>
    public bool Abstract { get; init; }

    /// <summary>Whether the type is a QOM interface (it must descend from <c>interface</c>; implies abstract).</summary>
    public bool Interface { get; init; }

    /// <summary>The QOM interfaces the type declares, in declaration order (resolved at class init).</summary>
    public IReadOnlyList<string> Interfaces { get; init; } = [];

    /// <summary>Creates an uninitialised instance; null inherits the parent's factory.</summary>
    public Func<QomObject>? Factory { get; init; }

    /// <summary>
    /// Creates the type's class struct (a <see cref="QomClass"/> subclass); it then gets the
    /// parent's class data through <see cref="QomClass.InheritFrom"/>. Null copies the parent's class.
    /// </summary>
    public Func<QomClass>? ClassFactory { get; init; }

    /// <summary>QEMU's <c>class_init</c>: runs once, on the type's own class, after its ancestors'.</summary>
    public Action<QomClass>? ClassInit { get; init; }

    /// <summary>QEMU's <c>class_base_init</c>: runs on the class of every descendant, before its class init.</summary>
    public Action<QomClass>? ClassBaseInit { get; init; }

    /// <summary>QEMU's <c>instance_init</c> (ancestors' first).</summary>
    public Action<QomObject>? InstanceInit { get; init; }

    /// <summary>QEMU's <c>instance_post_init</c> (ancestors' first, as in QEMU 10.1).</summary>
    public Action<QomObject>? InstancePostInit { get; init; }

    /// <summary>QEMU's <c>instance_finalize</c> (the type's own before its ancestors').</summary>
    public Action<QomObject>? InstanceFinalize { get; init; }

    /// <summary>
    /// Creates the type's class properties when its class is built. A property with a default
    /// value gets it written at every instance creation, before any instance init (QEMU's
    /// <c>object_property_set_default_*</c>).
    /// </summary>
    public Func<QomProperty[]>? Properties { get; init; }

    internal QomTypeFlags Flags =>
        (Abstract || Interface ? QomTypeFlags.Abstract : QomTypeFlags.None)
        | (Interface ? QomTypeFlags.Interface : QomTypeFlags.None)
        | (ClassFactory is not null ? QomTypeFlags.ClassFactory : QomTypeFlags.None)
        | (ClassInit is not null ? QomTypeFlags.ClassInit : QomTypeFlags.None)
        | (ClassBaseInit is not null ? QomTypeFlags.ClassBaseInit : QomTypeFlags.None)
        | (InstanceInit is not null ? QomTypeFlags.InstanceInit : QomTypeFlags.None)
        | (InstancePostInit is not null ? QomTypeFlags.InstancePostInit : QomTypeFlags.None)
        | (InstanceFinalize is not null ? QomTypeFlags.InstanceFinalize : QomTypeFlags.None)
        | (Properties is not null ? QomTypeFlags.Properties : QomTypeFlags.None);
}
