using System;
using System.Collections.Generic;
using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>
/// One of a PCI bus's two address spaces (QEMU's <c>address_space_mem</c> and
/// <c>address_space_io</c>) as the accesses see it: the BARs mapped into it and the bridge windows
/// (aliases of a secondary bus's space) placed in it, in QEMU's subregion order. A root bus's
/// spaces are the machine's: after a change, <see cref="Commit"/> resolves the tree below the root
/// into flat pieces (QEMU's flat view) and hands them to the system memory or I/O space.
/// </summary>
internal sealed class PciSpace
{
    // QEMU's order of a container's subregions: higher priority first, and among equal priorities
    // the newest first (memory_region_add_subregion_common inserts ahead of the first it outranks or ties).
    private readonly List<PciSpaceEntry> entries = [];

    // The machine's state a root space maps its pieces into; null below a bridge.
    private readonly QdevState? machine;

    private PciSpace(bool isIo, QdevState? machine, PciSpace? root)
    {
        IsIo = isIo;
        this.machine = machine;
        Root = root ?? this;
    }

    /// <summary>A root bus's space, resolved into the machine's memory or I/O space.</summary>
    public static PciSpace CreateRoot(bool isIo, QdevState machine) => new(isIo, machine, null);

    /// <summary>A bridge's secondary space below the space <paramref name="parent"/> (whose root resolves both).</summary>
    public static PciSpace CreateSecondary(bool isIo, PciSpace parent) => new(isIo, null, parent.Root);

    /// <summary>Whether this is an I/O space.</summary>
    public bool IsIo { get; }

    /// <summary>The root space whose resolution shows this one.</summary>
    public PciSpace Root { get; }

    /// <summary>Places <paramref name="entry"/> ahead of the entries it outranks or ties (QEMU's <c>memory_region_add_subregion_overlap</c>).</summary>
    public void Add(PciSpaceEntry entry)
    {
        int at = entries.FindIndex(e => entry.Priority >= e.Priority);
        entries.Insert(at < 0 ? entries.Count : at, entry);
    }

    /// <summary>Takes <paramref name="entry"/> out (QEMU's <c>memory_region_del_subregion</c>).</summary>
    public void Remove(PciSpaceEntry entry) => entries.Remove(entry);

    /// <summary>Resolves the root space again into the machine's space, after changes anywhere below it.</summary>
    public void Commit() => Root.Resolve();

    // The root's flat pieces: memory below everything else in the system memory (QEMU's "pci"
    // region sits there at priority -1), I/O BARs and windows at priority 1 in the I/O space.
    private void Resolve()
    {
        if (machine is null)
        {
            return;
        }

        AddressSpace space = IsIo ? machine.IoSpace : machine.SystemMemory;
        space.UnmapViews(this);
        var flat = new FlatPieces();
        Render(this, 0, IsIo ? uint.MaxValue : ulong.MaxValue, 0, flat);
        foreach (var piece in flat.Pieces)
        {
            if (IsIo)
            {
                space.MapView(this, piece.Start, piece.Last - piece.Start + 1, piece.Region, piece.Offset, 1);
                continue;
            }

            // The legacy VGA range shows the PCI space over the RAM (QEMU's smram-region alias, at
            // priority 1 while SMRAM is closed, as after reset); elsewhere the PCI space is below it.
            ulong start = piece.Start;
            foreach (var (first, last, priority) in (ReadOnlySpan<(ulong, ulong, int)>)[(0, VgaStart - 1, -1), (VgaStart, VgaEnd, 1), (VgaEnd + 1, ulong.MaxValue, -1)])
            {
                ulong from = System.Math.Max(start, first);
                ulong to = System.Math.Min(piece.Last, last);
                if (from <= to)
                {
                    space.MapView(this, from, to - from + 1, piece.Region, piece.Offset + (from - piece.Start), priority);
                }
            }
        }
    }

    // QEMU's smram-region: the VGA frame buffer's range in the system memory.
    private const ulong VgaStart = 0xa0000;
    private const ulong VgaEnd = 0xbffff;

    // QEMU's render_memory_region for a container: its subregions in order, each filling only what
    // those before it left free. [first, last] is the part of this space shown; delta takes an
    // address of this space to the root's.
    private static void Render(PciSpace space, ulong first, ulong last, ulong delta, FlatPieces flat)
    {
        foreach (var entry in space.entries)
        {
            if (!entry.Enabled || entry.Size == 0)
            {
                continue;
            }

            ulong end = entry.Base + (entry.Size - 1);
            if (end < entry.Base)
            {
                end = ulong.MaxValue;
            }

            ulong start = System.Math.Max(first, entry.Base);
            ulong stop = System.Math.Min(last, end);
            if (start > stop)
            {
                continue;
            }

            if (entry.Target is { } target)
            {
                ulong shift = entry.TargetOffset - entry.Base;
                Render(target, start + shift, stop + shift, delta - shift, flat);
                continue;
            }

            if (entry.Pieces is { } pieces)
            {
                foreach (var (offset, piece) in pieces)
                {
                    if (piece.Ops is null || piece.Size == 0)
                    {
                        continue;
                    }

                    ulong pieceStart = entry.Base + offset;
                    ulong pieceEnd = pieceStart + (piece.Size - 1);
                    ulong from = System.Math.Max(start, pieceStart);
                    ulong to = System.Math.Min(stop, pieceEnd);
                    if (from <= to)
                    {
                        flat.Insert(from + delta, to + delta, piece, from - pieceStart);
                    }
                }
            }

            if (entry.Region is { Ops: not null } region)
            {
                flat.Insert(start + delta, stop + delta, region, start - entry.Base);
            }
        }
    }

    // Non-overlapping pieces, by address: a new piece fills only the gaps the earlier ones left.
    private sealed class FlatPieces
    {
        public List<(ulong Start, ulong Last, MemoryRegion Region, ulong Offset)> Pieces { get; } = [];

        public void Insert(ulong start, ulong last, MemoryRegion region, ulong offset)
        {
            ulong at = start;
            int index = 0;
            var added = new List<(ulong, ulong, MemoryRegion, ulong)>();
            while (true)
            {
                while (index < Pieces.Count && Pieces[index].Last < at)
                {
                    index++;
                }

                if (index < Pieces.Count && Pieces[index].Start <= at)
                {
                    // Covered from here: skip past the piece there.
                    if (Pieces[index].Last >= last)
                    {
                        break;
                    }

                    at = Pieces[index].Last + 1;
                    continue;
                }

                ulong gapEnd = index < Pieces.Count ? System.Math.Min(last, Pieces[index].Start - 1) : last;
                added.Add((at, gapEnd, region, offset + (at - start)));
                if (gapEnd >= last)
                {
                    break;
                }

                at = gapEnd + 1;
            }

            Pieces.AddRange(added);
            Pieces.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        }
    }
}

/// <summary>
/// A region placed in a <see cref="PciSpace"/>: a BAR (its region's callbacks, or the pieces of a
/// container BAR), or an alias of another space (a bridge window, a VGA window) from
/// <see cref="TargetOffset"/>.
/// </summary>
internal sealed class PciSpaceEntry
{
    /// <summary>Where the entry sits in its space.</summary>
    public ulong Base { get; set; }

    /// <summary>Its size (0: shows nothing, as an empty or disabled window).</summary>
    public ulong Size { get; set; }

    /// <summary>The priority among the space's entries (QEMU's BARs and windows use 1).</summary>
    public int Priority { get; init; } = 1;

    /// <summary>Whether the entry shows (QEMU's <c>memory_region_set_enabled</c>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A BAR's region, answering through its callbacks.</summary>
    public MemoryRegion? Region { get; init; }

    /// <summary>The subregions of a container BAR, with their offsets.</summary>
    public IReadOnlyList<(ulong Offset, MemoryRegion Region)>? Pieces { get; init; }

    /// <summary>The space an alias shows.</summary>
    public PciSpace? Target { get; init; }

    /// <summary>Where in <see cref="Target"/> the alias starts.</summary>
    public ulong TargetOffset { get; set; }
}
