using System;
using System.Collections;
using System.Collections.Generic;

namespace QomSharp.Memory;

/// <summary>
/// The machine's address spaces as QEMU's <c>address_spaces</c> list holds them: each a name and
/// the root region it views (the system memory, the I/O ports, each CPU's views, each PCI function's
/// bus master space, each vIOMMU translation space). <c>info mtree</c> prints them.
/// </summary>
/// <remarks>
/// A machine with many PCI functions has as many spaces, added and removed one by one as functions
/// come and go: adding is O(1) (the spaces are kept in fixed-size chunks, none copied as the list
/// grows), and so is removing by root region once a first removal has indexed the roots; a removed
/// space leaves a hole, closed up (in order) when the holes outnumber the spaces or the list is read.
/// A space may be listed before its root region is made (<see cref="AddLazy"/>): the region is asked
/// for when the list is read.
/// </remarks>
public sealed class AddressSpaceList
{
    private const int ChunkShift = 9;
    private const int ChunkSize = 1 << ChunkShift;

    // The spaces in the order made, ChunkSize a chunk; a hole has a null root. A root is the
    // MemoryRegion, or the IAddressSpaceRoot that makes it when the list is read.
    private (string Name, object Root)[]?[] chunks = [];
    private int used;
    private int holes;

    // Where each root's space is (-1: the root is viewed by several spaces), made on the first removal.
    private Dictionary<object, int>? index;

    /// <summary>The address spaces in the order they were made.</summary>
    public IReadOnlyList<(string Name, MemoryRegion Root)> All
    {
        get
        {
            CloseHoles();
            return new View(this);
        }
    }

    /// <summary>QEMU's <c>address_space_init</c>: an address space named <paramref name="name"/> viewing <paramref name="root"/>.</summary>
    public void Add(string name, MemoryRegion root)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(root);
        Append(name, root);
    }

    /// <summary>
    /// <see cref="Add"/> for a space whose root region is not made yet: <paramref name="source"/>
    /// makes it (<see cref="IAddressSpaceRoot.Root"/>) when the list is read, where the space keeps
    /// its place. Removed with <see cref="RemoveLazy"/>.
    /// </summary>
    public void AddLazy(string name, IAddressSpaceRoot source)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(source);
        Append(name, source);
    }

    private void Append(string name, object root)
    {
        int chunk = used >> ChunkShift;
        if (chunk == chunks.Length)
        {
            Array.Resize(ref chunks, Math.Max(4, chunks.Length * 2));
        }

        (chunks[chunk] ??= new (string, object)[ChunkSize])[used & (ChunkSize - 1)] = (name, root);
        Index(root, used);
        used++;
    }

    /// <summary>QEMU's <c>address_space_destroy</c>: removes the address spaces viewing <paramref name="root"/>.</summary>
    public void Remove(MemoryRegion root)
    {
        ArgumentNullException.ThrowIfNull(root);
        RemoveRoot(root);
    }

    /// <summary>Removes the address spaces added with <see cref="AddLazy"/> for <paramref name="source"/>.</summary>
    public void RemoveLazy(IAddressSpaceRoot source)
    {
        ArgumentNullException.ThrowIfNull(source);
        RemoveRoot(source);
    }

    private void RemoveRoot(object root)
    {
        if (index is null)
        {
            index = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
            for (int i = 0; i < used; i++)
            {
                if (At(i).Root is { } r)
                {
                    Index(r, i);
                }
            }
        }

        if (!index.Remove(root, out int at))
        {
            return;
        }

        if (at >= 0)
        {
            Punch(at);
        }
        else
        {
            for (int i = 0; i < used; i++)
            {
                if (ReferenceEquals(At(i).Root, root))
                {
                    Punch(i);
                }
            }
        }

        TidyUp();
    }

    /// <summary>Removes the address spaces whose root region belongs to <paramref name="owner"/> (a device going away).</summary>
    public void RemoveOwnedBy(QomObject owner)
    {
        for (int i = 0; i < used; i++)
        {
            if (At(i).Root is { } root && (root is MemoryRegion region ? ReferenceEquals(region.Parent, owner) : ReferenceEquals(root, owner)))
            {
                index?.Remove(root);
                Punch(i);
            }
        }

        TidyUp();
    }

    private ref (string Name, object Root) At(int i) => ref chunks[i >> ChunkShift]![i & (ChunkSize - 1)];

    private void Index(object root, int at)
    {
        if (index is not null && !index.TryAdd(root, at))
        {
            index[root] = -1;
        }
    }

    private void Punch(int at)
    {
        At(at) = default;
        holes++;
    }

    // Closes up the holes once they outnumber the spaces: each removal stays O(1) on average.
    private void TidyUp()
    {
        if (holes > 64 && holes > used - holes)
        {
            CloseHoles();
        }
    }

    // Moves the spaces over the holes, keeping their order, and indexes them again.
    private void CloseHoles()
    {
        if (holes == 0)
        {
            return;
        }

        int to = 0;
        for (int from = 0; from < used; from++)
        {
            if (At(from).Root is not null)
            {
                At(to++) = At(from);
            }
        }

        for (int i = to; i < used; i++)
        {
            At(i) = default;
        }

        used = to;
        holes = 0;
        if (index is not null)
        {
            index.Clear();
            for (int i = 0; i < used; i++)
            {
                Index(At(i).Root, i);
            }
        }
    }

    // The spaces without holes (the list closes them up before handing this out).
    private sealed class View(AddressSpaceList list) : IReadOnlyList<(string Name, MemoryRegion Root)>
    {
        public (string Name, MemoryRegion Root) this[int index] =>
            (uint)index < (uint)list.used ? Made(list.At(index)) : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => list.used;

        public IEnumerator<(string Name, MemoryRegion Root)> GetEnumerator()
        {
            for (int i = 0; i < list.used; i++)
            {
                // A space removed while this runs leaves a hole.
                if (list.At(i).Root is not null)
                {
                    yield return Made(list.At(i));
                }
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        // A space listed before its root was made gets it now (the list keeps the maker).
        private static (string Name, MemoryRegion Root) Made((string Name, object Root) space) =>
            (space.Name, space.Root as MemoryRegion ?? ((IAddressSpaceRoot)space.Root).Root);
    }
}

/// <summary>What makes an address space's root region when it is first asked for (<see cref="AddressSpaceList.AddLazy"/>).</summary>
public interface IAddressSpaceRoot
{
    /// <summary>The root region, made on the first call.</summary>
    MemoryRegion Root { get; }
}
