using System;

namespace QomSharp;

/// <summary>
/// A child an object lists before it is made: its owner's instance table holds this placeholder
/// (one shared instance per kind of child, so it costs the owner one table slot) under
/// <see cref="Name"/>, and the child is made the first time anything looks at it: a look-up by
/// name (<c>qom-get</c>, a path through it, <see cref="QomObject.GetChild"/>), a walk over the
/// owner's properties (<c>qom-list</c>) or its children. <c>info qom-tree</c> lists it without
/// making it, as <see cref="Name"/> and <see cref="TypeName"/>: such a child has no children of its
/// own. The owner keeps its place in the order: what is listed does not change when it is made.
/// </summary>
/// <remarks>
/// A machine of many PCI functions holds two per function (the bus master container and alias),
/// which nothing but a DMA or a monitor command ever looks at.
/// </remarks>
public abstract class QomLazyChild
{
    /// <summary>A placeholder for the child <paramref name="name"/> (a full link name, e.g. <c>region[0]</c>) of type <paramref name="typeName"/>.</summary>
    protected QomLazyChild(string name, string typeName)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(typeName);
        Name = name;
        TypeName = typeName;
    }

    /// <summary>The child's link name under its owner.</summary>
    public string Name { get; }

    /// <summary>The type the child will have.</summary>
    public string TypeName { get; }

    /// <summary>
    /// Makes the child of <paramref name="owner"/> (and any other placeholder it must come with):
    /// must put an object that keeps its own link in this placeholder's place
    /// (<see cref="Memory.MemoryRegion.CreateInPlaceOf"/>).
    /// </summary>
    protected internal abstract void Materialize(QomObject owner);
}
