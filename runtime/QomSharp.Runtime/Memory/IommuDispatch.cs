namespace QomSharp.Memory;

/// <summary>QEMU's <c>MemTxResult</c>: how a memory transaction ended.</summary>
public enum MemoryTransactionResult
{
    /// <summary>It went through (<c>MEMTX_OK</c>).</summary>
    Ok,

    /// <summary>Nothing answers there, or a vIOMMU refused it (<c>MEMTX_DECODE_ERROR</c>).</summary>
    DecodeError,

    /// <summary>The re-entrancy guard dropped it (<c>MEMTX_ACCESS_ERROR</c>).</summary>
    AccessError,
}

/// <summary>
/// Where an access to a region tree lands, as QEMU's <c>flatview_translate</c> finds it: an address
/// in a flat <see cref="Space"/>, or a region's own callbacks (<see cref="Region"/> at
/// <see cref="Address"/>), valid for <see cref="Length"/> bytes from there; or nowhere
/// (<see cref="Found"/> false: unassigned, or a translation that refused the access).
/// </summary>
public readonly record struct DmaTarget(AddressSpace? Space, MemoryRegion? Region, ulong Address, ulong Length)
{
    /// <summary>Whether an IOMMU region translated the access on the way (its target space's dispatch looked it up).</summary>
    public bool Translated { get; init; }

    /// <summary>Whether anything answers.</summary>
    public bool Found => Space is not null || Region is not null;
}

/// <summary>
/// The memory dispatch of a device's DMA address space (QEMU's <c>address_space_rw</c> over a
/// bus master space, <c>flatview_translate</c> with <c>address_space_translate_iommu</c>): the
/// space's region tree is walked from its root, through enabled subregions by priority, aliases
/// and containers, to the machine's system memory (dispatched as <see cref="AddressSpace"/> does,
/// re-entrancy guard and all) or a region's callbacks; an IOMMU region's subregions answer where
/// mapped, the rest of it is translated by <see cref="IommuMemoryRegion.Translate"/> for the
/// access's direction, a translation without that permission failing the access as unassigned
/// memory does. An access that straddles the end of a translation is cut into bytes, each
/// translated. Nothing is allocated on the way.
/// </summary>
public static class IommuDispatch
{
    // Deeper than any region tree a machine builds: a loop of aliases ends as unassigned.
    private const int MaxDepth = 64;

    /// <summary>A read of 1, 2, 4 or 8 bytes at <paramref name="address"/> of the space rooted at <paramref name="root"/>.</summary>
    public static MemoryTransactionResult Read(MemoryRegion root, AddressSpace system, ulong address, int size, out ulong value)
    {
        AddressSpace.CheckSize(size);
        var result = MemoryTransactionResult.Ok;
        bool ownView = Looked(root, system, address);
        var target = ResolveCore(root, system, address, IommuAccessFlags.Read);
        if (target.Length >= (ulong)size || !target.Found)
        {
            value = ReadAt(target, size, ownView, ref result);
            return result;
        }

        value = 0;
        for (int i = 0; i < size; i++)
        {
            value |= ReadAt(ResolveCore(root, system, address + (ulong)i, IommuAccessFlags.Read), 1, ownView, ref result) << (8 * i);
        }

        return result;
    }

    /// <summary>A write of 1, 2, 4 or 8 bytes at <paramref name="address"/> of the space rooted at <paramref name="root"/>.</summary>
    public static MemoryTransactionResult Write(MemoryRegion root, AddressSpace system, ulong address, ulong value, int size)
    {
        AddressSpace.CheckSize(size);
        var result = MemoryTransactionResult.Ok;
        bool ownView = Looked(root, system, address);
        var target = ResolveCore(root, system, address, IommuAccessFlags.Write);
        if (target.Length >= (ulong)size || !target.Found)
        {
            WriteAt(target, value & AddressSpace.Mask(size), size, ownView, ref result);
            return result;
        }

        for (int i = 0; i < size; i++)
        {
            WriteAt(ResolveCore(root, system, address + (ulong)i, IommuAccessFlags.Write), (value >> (8 * i)) & 0xff, 1, ownView, ref result);
        }

        return result;
    }

    /// <summary>
    /// QEMU's <c>flatview_translate</c>: where an access of direction <paramref name="access"/> at
    /// <paramref name="address"/> lands, translating through each IOMMU region on the way (which
    /// records the vIOMMU's faults).
    /// </summary>
    /// <remarks>The space's own flat view (behind a vIOMMU) records the lookup, as QEMU's dispatch does when it maps an access.</remarks>
    public static DmaTarget Resolve(MemoryRegion root, AddressSpace system, ulong address, IommuAccessFlags access)
    {
        System.ArgumentNullException.ThrowIfNull(root);
        System.ArgumentNullException.ThrowIfNull(system);
        Looked(root, system, address);
        return ResolveCore(root, system, address, access);
    }

    private static DmaTarget ResolveCore(MemoryRegion root, AddressSpace system, ulong address, IommuAccessFlags access) =>
        root.Enabled ? Find(root, system, address, access, ulong.MaxValue, 0) : default;

    // QEMU's dispatch of the space's own flat view (one behind a vIOMMU, not the system memory's)
    // looks the address up first: its most recent lookup. True when the space has such a view.
    private static bool Looked(MemoryRegion root, AddressSpace system, ulong address)
    {
        var view = FlatViewRoot(root);
        if (view is null || ReferenceEquals(view, system.Root))
        {
            return false;
        }

        system.LookupTracker?.RecordLookup(view, address);
        return true;
    }

    /// <summary>
    /// The region a flat view of <paramref name="region"/> is made from (QEMU's
    /// <c>memory_region_get_flatview_root</c>): an enabled alias of the whole of its target stands
    /// for the target; a container with a single enabled subregion, at 0 and no larger than it, for
    /// that subregion; a container with none enabled, or a disabled region, for nothing.
    /// </summary>
    public static MemoryRegion? FlatViewRoot(MemoryRegion region)
    {
        System.ArgumentNullException.ThrowIfNull(region);
        while (region.Enabled)
        {
            if (region.AliasOf is { } shown)
            {
                if (region.AliasOffset == 0 && SizeOf(region) >= SizeOf(shown))
                {
                    region = shown;
                    continue;
                }
            }
            else if (region.IsContainer)
            {
                int found = 0;
                MemoryRegion? next = null;
                int count = region.SubregionCount;
                for (int i = 0; i < count; i++)
                {
                    var child = region.SubregionAt(i);
                    if (!child.Enabled)
                    {
                        continue;
                    }

                    if (++found > 1)
                    {
                        next = null;
                        break;
                    }

                    if (child.Address == 0 && SizeOf(region) >= SizeOf(child))
                    {
                        next = child;
                    }
                }

                if (found == 0)
                {
                    return null;
                }

                if (next is not null)
                {
                    region = next;
                    continue;
                }
            }

            return region;
        }

        return null;
    }

    private static System.Int128 SizeOf(MemoryRegion region) => region.Size == ulong.MaxValue ? (System.Int128)1 << 64 : region.Size;

    // Where a space with its own view shows the system memory's regions (flattened into the view,
    // not through a translation), the system memory's dispatch does not look the access up.
    private static ulong ReadAt(DmaTarget target, int size, bool ownView, ref MemoryTransactionResult result)
    {
        if (target.Space is { } space)
        {
            var before = space.LastLookup;
            ulong value = space.ReadChecked(target.Address, size, ref result);
            if (ownView && !target.Translated)
            {
                space.RestoreLookup(before);
            }

            return value;
        }

        if (target.Region is { } region)
        {
            return AddressSpace.ReadRegion(region, target.Address, size, ref result);
        }

        result = MemoryTransactionResult.DecodeError;
        return 0;
    }

    private static void WriteAt(DmaTarget target, ulong value, int size, bool ownView, ref MemoryTransactionResult result)
    {
        if (target.Space is { } space)
        {
            var before = space.LastLookup;
            space.WriteChecked(target.Address, value, size, ref result);
            if (ownView && !target.Translated)
            {
                space.RestoreLookup(before);
            }
        }
        else if (target.Region is { } region)
        {
            AddressSpace.WriteRegion(region, target.Address, value, size, ref result);
        }
        else
        {
            result = MemoryTransactionResult.DecodeError;
        }
    }

    // What answers at address (an offset in region, which is enabled), with no more than limit bytes from there.
    private static DmaTarget Find(MemoryRegion region, AddressSpace system, ulong address, IommuAccessFlags access, ulong limit, int depth)
    {
        if (depth > MaxDepth)
        {
            return default;
        }

        if (ReferenceEquals(region, system.Root))
        {
            return new DmaTarget(system, null, address, limit);
        }

        if (region.AliasOf is { } original)
        {
            ulong left = Left(region.Size, address);
            return left == 0 || !original.Enabled ? default
                : Find(original, system, address + region.AliasOffset, access, System.Math.Min(limit, left), depth + 1);
        }

        // The subregions by priority (the list's order), each over the rest.
        int count = region.SubregionCount;
        for (int i = 0; i < count; i++)
        {
            var sub = region.SubregionAt(i);
            if (!sub.Enabled || address < sub.Address)
            {
                continue;
            }

            ulong inside = address - sub.Address;
            ulong left = Left(sub.Size, inside);
            if (left == 0)
            {
                continue;
            }

            var hit = Find(sub, system, inside, access, System.Math.Min(limit, left), depth + 1);
            if (hit.Found)
            {
                return hit;
            }
        }

        if (region is IommuMemoryRegion iommu)
        {
            var entry = iommu.Translate(address, access, 0);
            if ((entry.Permissions & access) == 0 || entry.Target is not { } target)
            {
                return default;
            }

            ulong within = address & entry.AddressMask;
            ulong translated = (entry.TranslatedAddress & ~entry.AddressMask) | within;
            ulong rest = entry.AddressMask - within == ulong.MaxValue ? ulong.MaxValue : entry.AddressMask - within + 1;
            return (target.Root is { } targetRoot && !ReferenceEquals(targetRoot, system.Root)
                ? Find(targetRoot, system, translated, access, System.Math.Min(limit, rest), depth + 1)
                : new DmaTarget(target, null, translated, System.Math.Min(limit, rest))) with { Translated = true };
        }

        return region.Ops is not null ? new DmaTarget(null, region, address, limit) : default;
    }

    // The bytes of a region of size from offset (a size of 2^64 stands for the whole space).
    private static ulong Left(ulong size, ulong offset) => size == ulong.MaxValue ? ulong.MaxValue - offset + 1 == 0 ? ulong.MaxValue : ulong.MaxValue - offset + 1 : offset < size ? size - offset : 0;
}
