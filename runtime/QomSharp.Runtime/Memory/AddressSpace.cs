using System;
using System.Collections.Generic;
using System.Linq;

namespace QomSharp.Memory;

/// <summary>
/// A flat physical address space with MMIO regions mapped at fixed addresses (the machine's system
/// memory or I/O ports, read and written by qtest). Unassigned addresses read as
/// <see cref="UnassignedValue"/> and ignore writes, as QEMU's unassigned memory and I/O do.
/// Mappings may overlap, as QEMU's subregions of one priority may (a guest can place the PCIe
/// MMCONFIG window over the IOAPIC): an access goes to the region mapped last, as in QEMU, which
/// puts a new subregion ahead of the older ones of its priority.
/// </summary>
public sealed class AddressSpace(string name)
{
    // In the order they were mapped: the newest covering an access answers it.
    private readonly List<(ulong Base, MemoryRegion Region)> mappings = [];

    /// <summary>The address space's name (<c>memory</c>).</summary>
    public string Name { get; } = name;

    /// <summary>
    /// What a read where nothing is mapped returns, cut to the access's size: 0 for memory (QEMU's
    /// unassigned memory), all ones for I/O ports (QEMU's unassigned I/O).
    /// </summary>
    public ulong UnassignedValue { get; init; }

    /// <summary>
    /// The space's root region (<c>system[0]</c>, <c>io[0]</c> under <c>/machine/unattached</c>), once
    /// the machine made it: regions mapped here become its subregions, so their <c>container</c> and
    /// <c>addr</c> say where they are.
    /// </summary>
    public MemoryRegion? Root { get; set; }

    /// <summary>The mapped regions with their base addresses, by address.</summary>
    public IReadOnlyList<(ulong Base, MemoryRegion Region)> Mappings => [.. mappings.OrderBy(static m => m.Base)];

    /// <summary>Maps a region at <paramref name="address"/>, ahead of the regions it overlaps.</summary>
    public void Map(ulong address, MemoryRegion region)
    {
        ArgumentNullException.ThrowIfNull(region);
        if (region.Size > 0 && address > ulong.MaxValue - (region.Size - 1))
        {
            throw new ArgumentOutOfRangeException(nameof(address), $"region '{region.Name}' at 0x{address:x} runs past the end of the address space");
        }

        Root?.AddSubregion(address, region);
        mappings.Add((address, region));
    }

    /// <summary>Removes a mapping.</summary>
    public void Unmap(MemoryRegion region)
    {
        ArgumentNullException.ThrowIfNull(region);
        Root?.DeleteSubregion(region);
        mappings.RemoveAll(m => ReferenceEquals(m.Region, region));
    }

    /// <summary>Reads 1, 2, 4 or 8 bytes (little endian).</summary>
    public ulong Read(ulong address, int size)
    {
        CheckSize(size);
        return Find(address, size) is { Region.Ops: { } ops } hit ? ops.Read(address - hit.Base, size) & Mask(size) : UnassignedValue & Mask(size);
    }

    /// <summary>Writes 1, 2, 4 or 8 bytes (little endian).</summary>
    public void Write(ulong address, ulong value, int size)
    {
        CheckSize(size);
        if (Find(address, size) is { Region.Ops: { } ops } hit)
        {
            ops.Write(address - hit.Base, value & Mask(size), size);
        }
    }

    private (ulong Base, MemoryRegion Region)? Find(ulong address, int size)
    {
        for (int i = mappings.Count - 1; i >= 0; i--)
        {
            var mapping = mappings[i];
            // Differences, not sums: an access near 2^64 must not wrap around into a region.
            if (address >= mapping.Base && (ulong)size <= mapping.Region.Size && address - mapping.Base <= mapping.Region.Size - (ulong)size)
            {
                return mapping;
            }
        }

        return null;
    }

    private static ulong Mask(int size) => size == 8 ? ulong.MaxValue : (1UL << (size * 8)) - 1;

    private static void CheckSize(int size)
    {
        if (size is not (1 or 2 or 4 or 8))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "accesses are 1, 2, 4 or 8 bytes");
        }
    }
}
