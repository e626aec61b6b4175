using System;
using System.Collections.Generic;
using System.Linq;

namespace QomSharp.Memory;

/// <summary>
/// A flat physical address space with MMIO regions mapped at fixed addresses (the machine's system
/// memory or I/O ports, read and written by qtest). Unassigned addresses read as
/// <see cref="UnassignedValue"/> and ignore writes, as QEMU's unassigned memory and I/O do.
/// Mappings may overlap, as QEMU's subregions may (a guest can place the PCIe MMCONFIG window over
/// the IOAPIC): an access goes to the mapping of highest priority, and among those of one priority
/// to the one mapped last, as in QEMU, which puts a new subregion ahead of the older ones of its
/// priority.
/// </summary>
public sealed class AddressSpace(string name)
{
    // In the order they were mapped: of the highest priority covering an access, the newest answers it.
    private readonly List<Mapping> mappings = [];

    // One mapping: Size bytes of Region from Offset, at Base; Owner groups the views a model maps
    // and replaces together (null for a whole region).
    private readonly record struct Mapping(ulong Base, MemoryRegion Region, int Priority, ulong Offset, ulong Size, object? Owner)
    {
        // A whole region's mapping follows its size.
        public ulong Length => Owner is null ? Region.Size : Size;
    }

    // Set for the spaces whose dispatch's most recent lookup info mtree -f -d reports: the state
    // whose region changes make a lookup stale.
    internal Qdev.QdevState? LookupTracker { get; set; }

    /// <summary>The address of the last piece of the last access, and the memory topology version then.</summary>
    internal (ulong Address, long Version)? LastLookup { get; private set; }

    internal void RecordLookup(ulong address, long version) => LastLookup = (address, version);

    // Puts back the last lookup an access through another view's dispatch recorded here.
    internal void RestoreLookup((ulong Address, long Version)? lookup) => LastLookup = lookup;

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
    public IReadOnlyList<(ulong Base, MemoryRegion Region)> Mappings => [.. mappings.OrderBy(static m => m.Base).Select(static m => (m.Base, m.Region))];

    /// <summary>
    /// Adds to the accesses this space dispatches a view of <paramref name="size"/> bytes of
    /// <paramref name="region"/> from <paramref name="offset"/>, at <paramref name="address"/>,
    /// without placing anything in <see cref="Root"/>: for a model that resolves its own region
    /// tree (a PCI bus behind bridge windows) into flat pieces. <paramref name="owner"/> names the
    /// group <see cref="UnmapViews"/> removes.
    /// </summary>
    public void MapView(object owner, ulong address, ulong size, MemoryRegion region, ulong offset, int priority)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(region);
        if (size == 0 || address > ulong.MaxValue - (size - 1))
        {
            throw new ArgumentOutOfRangeException(nameof(address), $"a view of '{region.Name}' at 0x{address:x} is empty or runs past the end of the address space");
        }

        mappings.Add(new Mapping(address, region, priority, offset, size, owner));
    }

    /// <summary>Removes the views <see cref="MapView"/> mapped for <paramref name="owner"/>.</summary>
    public void UnmapViews(object owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        mappings.RemoveAll(m => ReferenceEquals(m.Owner, owner));
    }

    /// <summary>
    /// Maps a region at <paramref name="address"/>, ahead of the regions of its
    /// <paramref name="priority"/> or lower that it overlaps (QEMU's subregion priority).
    /// </summary>
    public void Map(ulong address, MemoryRegion region, int priority = 0)
    {
        ArgumentNullException.ThrowIfNull(region);
        if (region.Size > 0 && address > ulong.MaxValue - (region.Size - 1))
        {
            throw new ArgumentOutOfRangeException(nameof(address), $"region '{region.Name}' at 0x{address:x} runs past the end of the address space");
        }

        Root?.AddSubregion(address, region, priority);
        mappings.Add(new Mapping(address, region, priority, 0, region.Size, null));
    }

    /// <summary>
    /// Adds <paramref name="region"/> to the accesses this space dispatches at <paramref name="address"/>
    /// without placing it in <see cref="Root"/>: for a region the caller has placed in the region
    /// tree itself (a RAM alias, a piece of a PCI BAR). An alias answers through the region it shows.
    /// </summary>
    public void MapForAccess(ulong address, MemoryRegion region, int priority = 0)
    {
        ArgumentNullException.ThrowIfNull(region);
        if (region.Size > 0 && address > ulong.MaxValue - (region.Size - 1))
        {
            throw new ArgumentOutOfRangeException(nameof(address), $"region '{region.Name}' at 0x{address:x} runs past the end of the address space");
        }

        mappings.Add(new Mapping(address, region, priority, 0, region.Size, null));
    }

    /// <summary>Removes a mapping.</summary>
    public void Unmap(MemoryRegion region)
    {
        ArgumentNullException.ThrowIfNull(region);
        Root?.DeleteSubregion(region);
        mappings.RemoveAll(m => m.Owner is null && ReferenceEquals(m.Region, region));
    }

    /// <summary>
    /// Reads 1, 2, 4 or 8 bytes (little endian). An access that runs past what answers at its first
    /// byte is split as QEMU's dispatch splits it (it does not cut an I/O access at the edge of what
    /// answers, only to the region's access size, 4 bytes unless the region says otherwise, and to
    /// the alignment of the address in the region): the piece goes to what answers at its first
    /// byte, even where a newer mapping starts inside it (as the dword at 0xcf8 goes whole to the
    /// configuration address port over the reset control byte at 0xcf9), and the rest starts over
    /// at the next byte. A piece that runs past the end of its region goes whole to that region
    /// too, as in QEMU (a word at 0xcf9 is the reset control byte's to answer).
    /// </summary>
    public ulong Read(ulong address, int size)
    {
        MemoryTransactionResult ignored = MemoryTransactionResult.Ok;
        return ReadChecked(address, size, ref ignored);
    }

    /// <summary>
    /// <see cref="Read"/> for a device's DMA, which learns whether it went through (QEMU's
    /// <c>MemTxResult</c>): <paramref name="result"/> becomes <see cref="MemoryTransactionResult.DecodeError"/>
    /// where nothing answers a piece, <see cref="MemoryTransactionResult.AccessError"/> where the
    /// re-entrancy guard dropped one (and is left as it is otherwise).
    /// </summary>
    public ulong ReadChecked(ulong address, int size, ref MemoryTransactionResult result)
    {
        CheckSize(size);
        int index = Section(address, out ulong available);
        if (available >= (ulong)size)
        {
            return ReadPiece(index, address, size, ref result);
        }

        ulong value = 0;
        for (int done = 0; done < size;)
        {
            int length = Piece(address, done, size, ref index, ref available);
            value |= ReadPiece(index, address + (ulong)done, length, ref result) << (8 * done);
            done += length;
            available = 0;
        }

        return value;
    }

    /// <summary>Writes 1, 2, 4 or 8 bytes (little endian), split as <see cref="Read"/> splits a read.</summary>
    public void Write(ulong address, ulong value, int size) => TryWrite(address, value, size);

    /// <summary>
    /// A write into memory a DMA mapping reached through another view than this space's (QEMU
    /// writes the mapped host memory): as <see cref="Write"/>, but this space's dispatch does not
    /// look it up (its most recent lookup stays).
    /// </summary>
    public void WriteMapped(ulong address, ulong value, int size)
    {
        var before = LastLookup;
        Write(address, value, size);
        LastLookup = before;
    }

    /// <summary>
    /// <see cref="Write"/>, telling whether every piece went through: false when the re-entrancy
    /// guard dropped one (QEMU's <c>MEMTX_ACCESS_ERROR</c>), for a device's DMA that checks its
    /// result. A piece where nothing answers does not count as dropped.
    /// </summary>
    public bool TryWrite(ulong address, ulong value, int size)
    {
        MemoryTransactionResult result = MemoryTransactionResult.Ok;
        WriteChecked(address, value, size, ref result);
        return result != MemoryTransactionResult.AccessError;
    }

    /// <summary>
    /// <see cref="Write"/> for a device's DMA, which learns whether it went through: as
    /// <see cref="ReadChecked"/> tells of a read.
    /// </summary>
    public void WriteChecked(ulong address, ulong value, int size, ref MemoryTransactionResult result)
    {
        CheckSize(size);
        int index = Section(address, out ulong available);
        if (available >= (ulong)size)
        {
            WritePiece(index, address, value & Mask(size), size, ref result);
            return;
        }

        for (int done = 0; done < size;)
        {
            int length = Piece(address, done, size, ref index, ref available);
            WritePiece(index, address + (ulong)done, (value >> (8 * done)) & Mask(length), length, ref result);
            done += length;
            available = 0;
        }
    }

    // QEMU's memory dispatch with its re-entrancy guard (access_with_adjusted_size): an access to an
    // I/O region of a device runs the callbacks with the device's guard engaged; one made
    // meanwhile to any I/O region of the same device (from its own handlers, or from another
    // device they reach) is dropped with a warning, a read giving 0. Accesses between different
    // devices go through. The guard is released however the callbacks end.
    private ulong ReadPiece(int index, ulong address, int size, ref MemoryTransactionResult result)
    {
        if (LookupTracker is { } tracker)
        {
            LastLookup = (address, tracker.MemoryTopologyVersion);
        }

        if (index < 0 || RegionAt(mappings[index], address, out ulong offset) is not { } region)
        {
            result = MemoryTransactionResult.DecodeError;
            return UnassignedValue & Mask(size);
        }

        return ReadRegion(region, offset, size, ref result);
    }

    private void WritePiece(int index, ulong address, ulong value, int size, ref MemoryTransactionResult result)
    {
        if (LookupTracker is { } tracker)
        {
            LastLookup = (address, tracker.MemoryTopologyVersion);
        }

        if (index < 0 || RegionAt(mappings[index], address, out ulong offset) is not { } region)
        {
            result = MemoryTransactionResult.DecodeError;
            return;
        }

        WriteRegion(region, offset, value, size, ref result);
    }

    /// <summary>A read of a region's callbacks under its owner's re-entrancy guard (a blocked one reads 0 and is an access error).</summary>
    internal static ulong ReadRegion(MemoryRegion region, ulong offset, int size, ref MemoryTransactionResult result)
    {
        var ops = region.Ops!;
        if (region.GuardedOwner is not { } device)
        {
            return ops.Read(offset, size) & Mask(size);
        }

        if (device.EngagedInIo)
        {
            device.Context.Qdev.ReportBlockedReentrantAccess(region, offset);
            result = MemoryTransactionResult.AccessError;
            return 0;
        }

        device.EngagedInIo = true;
        try
        {
            return ops.Read(offset, size) & Mask(size);
        }
        finally
        {
            device.EngagedInIo = false;
        }
    }

    /// <summary>A write to a region's callbacks under its owner's re-entrancy guard (a blocked one is dropped, an access error).</summary>
    internal static void WriteRegion(MemoryRegion region, ulong offset, ulong value, int size, ref MemoryTransactionResult result)
    {
        var ops = region.Ops!;
        if (region.GuardedOwner is not { } device)
        {
            ops.Write(offset, value, size);
            return;
        }

        if (device.EngagedInIo)
        {
            device.Context.Qdev.ReportBlockedReentrantAccess(region, offset);
            result = MemoryTransactionResult.AccessError;
            return;
        }

        device.EngagedInIo = true;
        try
        {
            ops.Write(offset, value, size);
        }
        finally
        {
            device.EngagedInIo = false;
        }
    }

    // The region whose callbacks answer at address in a mapping, and the offset they see: an
    // alias's are those of the region it shows, from its alias offset (QEMU dispatches to the
    // region an alias resolves to, so its owner's guard applies).
    private static MemoryRegion? RegionAt(Mapping mapping, ulong address, out ulong offset)
    {
        offset = address - mapping.Base + mapping.Offset;
        if (mapping.Region.Ops is not null)
        {
            return mapping.Region;
        }

        if (mapping.Region.AliasOf is { Ops: not null } shown)
        {
            offset += mapping.Region.AliasOffset;
            return shown;
        }

        return null;
    }

    // The next piece of a split access, at address + done: what answers there (index), and its
    // length: the rest when it all fits there (a power of two); else QEMU's memory_access_size: no
    // wider than the region takes at once nor, unless it implements unaligned accesses, than the
    // alignment of the address in the region (of the address itself where nothing answers). Not
    // cut where the region ends or a newer mapping starts: QEMU hands the piece whole to the
    // region it starts in. Past the top of the space nothing answers.
    private int Piece(ulong address, int done, int size, ref int index, ref ulong available)
    {
        ulong at = address + (ulong)done;
        if (at < address)
        {
            index = -1;
            available = ulong.MaxValue;
        }
        else if (available == 0)
        {
            index = Section(at, out available);
        }

        int left = size - done;
        if (available >= (ulong)left)
        {
            // The rest fits: in a power-of-two access (QEMU's pow2floor), the region splitting it further as it does.
            return PowerOfTwoFloor((ulong)left);
        }

        IMemoryRegionOps? ops = index >= 0 ? mappings[index].Region.Ops : null;
        ulong offset = index >= 0 ? at - mappings[index].Base + mappings[index].Offset : at;
        ulong length = Math.Min((ulong)left, ops is null ? DefaultMaxAccessSize : (ulong)ops.MaxAccessSize);
        ulong alignment = offset & (~offset + 1);
        if (ops is not { ImplementsUnaligned: true } && alignment != 0 && alignment < length)
        {
            length = alignment;
        }

        return PowerOfTwoFloor(length);
    }

    private static int PowerOfTwoFloor(ulong length) => (int)System.Numerics.BitOperations.RoundUpToPowerOf2(length + 1) / 2;

    // The section at address: the mapping that answers there (-1: none), and how many bytes from
    // address it answers before its end or the start of a mapping that would answer instead (to
    // the next mapping when none answers). Differences, not sums: an address near 2^64 must not
    // wrap into a region.
    private int Section(ulong address, out ulong available)
    {
        int hit = -1;
        for (int i = mappings.Count - 1; i >= 0; i--)
        {
            var mapping = mappings[i];
            if (address >= mapping.Base && address - mapping.Base < mapping.Length
                && (hit < 0 || mapping.Priority > mappings[hit].Priority))
            {
                hit = i;
            }
        }

        ulong limit = hit >= 0 ? mappings[hit].Length - (address - mappings[hit].Base) : ulong.MaxValue;
        for (int i = 0; i < mappings.Count; i++)
        {
            var mapping = mappings[i];
            if (mapping.Base > address && (hit < 0 || Wins(i, hit)))
            {
                limit = Math.Min(limit, mapping.Base - address);
            }
        }

        available = limit;
        return hit;
    }

    // Whether mapping a answers where it overlaps mapping b.
    private bool Wins(int a, int b) =>
        mappings[a].Priority > mappings[b].Priority || (mappings[a].Priority == mappings[b].Priority && a > b);

    // QEMU's access size for a region that does not name one (memory_access_size).
    private const ulong DefaultMaxAccessSize = 4;

    internal static ulong Mask(int size) => size == 8 ? ulong.MaxValue : (1UL << (size * 8)) - 1;

    internal static void CheckSize(int size)
    {
        if (size is not (1 or 2 or 4 or 8))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "accesses are 1, 2, 4 or 8 bytes");
        }
    }
}
