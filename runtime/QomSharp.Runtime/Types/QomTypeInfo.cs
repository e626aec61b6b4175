using System;

namespace QomSharp;

/// <summary>
/// The registration record of one QOM type (QEMU's <c>TypeInfo</c>): its name, its parent's name,
/// its flags and declared interfaces, and the module that runs its code. Registering it resolves
/// nothing; the class is built on first use.
/// </summary>
public sealed class QomTypeInfo
{
    /// <summary>Creates a record whose code (factory, hooks, properties) the module dispatches by index.</summary>
    public QomTypeInfo(string name, string? parentName, QomTypeFlags flags, string[] interfaceNames, QomModule module, int index)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(interfaceNames);
        ArgumentNullException.ThrowIfNull(module);
        Name = name;
        ParentName = string.IsNullOrEmpty(parentName) ? null : parentName;
        Flags = flags;
        InterfaceNames = interfaceNames;
        Module = module;
        Index = index;
    }

    /// <summary>The QOM type name.</summary>
    public string Name { get; }

    /// <summary>The parent's QOM type name; null only for the roots <c>object</c> and <c>interface</c>.</summary>
    public string? ParentName { get; }

    /// <summary>What the type is and which hooks it has.</summary>
    public QomTypeFlags Flags { get; }

    /// <summary>The QOM interfaces the type declares itself, in declaration order.</summary>
    public string[] InterfaceNames { get; }

    /// <summary>The module that holds the type's code.</summary>
    public QomModule Module { get; }

    /// <summary>The type's index in its module's dispatch.</summary>
    public int Index { get; }

    /// <summary>Whether the type was registered as abstract.</summary>
    public bool IsAbstract => (Flags & QomTypeFlags.Abstract) != 0;

    /// <summary>Whether the type is a QOM interface.</summary>
    public bool IsInterface => (Flags & QomTypeFlags.Interface) != 0;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
