using System;
using System.Collections.Generic;

namespace QomSharp.Memory;

/// <summary>
/// The machine's address spaces as QEMU's <c>address_spaces</c> list holds them: each a name and
/// the root region it views (the system memory, the I/O ports, each CPU's views, each PCI function's
/// bus master space, each vIOMMU translation space). <c>info mtree</c> prints them.
/// </summary>
public sealed class AddressSpaceList
{
    private readonly List<(string Name, MemoryRegion Root)> spaces = [];

    /// <summary>The address spaces in the order they were made.</summary>
    public IReadOnlyList<(string Name, MemoryRegion Root)> All => spaces;

    /// <summary>QEMU's <c>address_space_init</c>: an address space named <paramref name="name"/> viewing <paramref name="root"/>.</summary>
    public void Add(string name, MemoryRegion root)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(root);
        spaces.Add((name, root));
    }

    /// <summary>QEMU's <c>address_space_destroy</c>: removes the address spaces viewing <paramref name="root"/>.</summary>
    public void Remove(MemoryRegion root) => spaces.RemoveAll(s => ReferenceEquals(s.Root, root));

    /// <summary>Removes the address spaces whose root region belongs to <paramref name="owner"/> (a device going away).</summary>
    public void RemoveOwnedBy(QomObject owner) => spaces.RemoveAll(s => ReferenceEquals(s.Root.Parent, owner));
}
