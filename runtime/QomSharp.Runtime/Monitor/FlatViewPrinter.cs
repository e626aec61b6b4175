using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using QomSharp.Memory;

namespace QomSharp.Monitor;

/// <summary>
/// HMP <c>info mtree -f</c>: each flat view, the ranges of one address space as accesses see them
/// (QEMU's <c>generate_memory_topology</c>). Address spaces whose roots come down to the same region
/// share a view (QEMU's <c>memory_region_get_flatview_root</c>); those that come down to none share
/// the empty one.
/// </summary>
internal static class FlatViewPrinter
{
    private sealed record FlatRange(Int128 Start, Int128 Size, MemoryRegion Region, Int128 Offset, bool ReadOnly)
    {
        public Int128 End => Start + Size;
    }

    public static string Print(QomContext context, bool owners, bool dispatch = false)
    {
        var order = new List<MemoryRegion?>();
        var spaces = new Dictionary<object, List<(string Name, MemoryRegion Root)>>();
        var noRoot = new object();
        foreach (var space in context.Qdev.AddressSpaces.All)
        {
            var root = FlatViewRoot(space.Root);
            object key = (object?)root ?? noRoot;
            if (!spaces.TryGetValue(key, out var list))
            {
                spaces[key] = list = [];
                order.Add(root);
            }

            list.Add(space);
        }

        var text = new StringBuilder();
        for (int i = 0; i < order.Count; i++)
        {
            var root = order[i];
            text.Append("FlatView #").Append(i.ToString(CultureInfo.InvariantCulture)).Append('\n');
            foreach (var (name, asRoot) in spaces[(object?)root ?? noRoot])
            {
                text.Append(" AS \"").Append(name).Append("\", root: ").Append(asRoot.Name);
                if (asRoot.AliasOf is { } shown)
                {
                    text.Append(", alias ").Append(shown.Name);
                }

                text.Append('\n');
            }

            text.Append(" Root memory region: ").Append(root?.Name ?? "(none)").Append('\n');
            var ranges = new List<FlatRange>();
            if (root is not null)
            {
                Render(ranges, root, 0, 0, (Int128)1 << 64, false);
                Simplify(ranges);
            }

            if (ranges.Count == 0)
            {
                text.Append("  No rendered FlatView\n\n");
                continue;
            }

            foreach (var range in ranges)
            {
                text.Append("  ");
                MtreePrinter.Range(text, (ulong)range.Start, (ulong)(range.End - 1)).Append(" (prio ")
                    .Append(range.Region.Priority.ToString(CultureInfo.InvariantCulture)).Append(", ")
                    .Append(range.ReadOnly ? "rom" : MtreePrinter.KindName(range.Region)).Append("): ").Append(range.Region.Name);
                if (range.Offset != 0)
                {
                    text.Append(" @").Append(((ulong)range.Offset).ToString("x16", CultureInfo.InvariantCulture));
                }

                if (owners)
                {
                    MtreePrinter.AppendOwner(text, range.Region);
                }

                text.Append('\n');
            }

            if (dispatch)
            {
                DispatchPrinter.Print(text, ranges.ConvertAll(static r => (r.Start, r.Size, r.Region)), root!, MostRecentLookup(context, root!));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    // The address of the most recent lookup in the dispatch of the view of root: the system
    // memory's or the I/O space's, when it views root and no region changed since.
    private static ulong? MostRecentLookup(QomContext context, MemoryRegion root)
    {
        foreach (var space in (AddressSpace[])[context.Qdev.SystemMemory, context.Qdev.IoSpace])
        {
            if (space.Root is { } spaceRoot && ReferenceEquals(FlatViewRoot(spaceRoot), root) && context.Qdev.LastLookup(space) is { } address)
            {
                return address;
            }
        }

        return context.Qdev.LastLookup(root);
    }

    private static Int128 SizeOf(MemoryRegion region) => region.Size == ulong.MaxValue ? (Int128)1 << 64 : region.Size;

    // The region a view is made from (IommuDispatch's rule, which a DMA's lookup follows too).
    private static MemoryRegion? FlatViewRoot(MemoryRegion region) => IommuDispatch.FlatViewRoot(region);

    // QEMU's render_memory_region: the region's part of [clipStart, clipEnd) once placed at base;
    // an alias renders its target there, a container its subregions (highest priority, then
    // newest, first), and a region that answers fills the gaps they leave.
    private static void Render(List<FlatRange> view, MemoryRegion region, Int128 containerBase, Int128 clipStart, Int128 clipEnd, bool readOnly)
    {
        if (!region.Enabled)
        {
            return;
        }

        Int128 regionBase = containerBase + region.Address;
        Int128 start = Int128.Max(clipStart, regionBase);
        Int128 end = Int128.Min(clipEnd, regionBase + SizeOf(region));
        if (start >= end)
        {
            return;
        }

        readOnly |= region.ReadOnly;
        if (region.AliasOf is { } shown)
        {
            Render(view, shown, regionBase - shown.Address - region.AliasOffset, start, end, readOnly);
            return;
        }

        foreach (var sub in region.Subregions)
        {
            Render(view, sub, regionBase, start, end, readOnly);
        }

        if (region.IsContainer)
        {
            return;
        }

        Int128 at = start;
        Int128 offset = start - regionBase;
        Int128 remain = end - start;
        for (int i = 0; i < view.Count && remain > 0; i++)
        {
            if (at >= view[i].End)
            {
                continue;
            }

            if (at < view[i].Start)
            {
                Int128 gap = Int128.Min(remain, view[i].Start - at);
                view.Insert(i, new FlatRange(at, gap, region, offset, readOnly));
                i++;
                at += gap;
                offset += gap;
                remain -= gap;
            }

            Int128 covered = Int128.Min(at + remain, view[i].End) - at;
            at += covered;
            offset += covered;
            remain -= covered;
        }

        if (remain > 0)
        {
            view.Add(new FlatRange(at, remain, region, offset, readOnly));
        }
    }

    // QEMU's flatview_simplify: neighbours that continue one another in the same region merge.
    private static void Simplify(List<FlatRange> view)
    {
        for (int i = 0; i + 1 < view.Count;)
        {
            var a = view[i];
            var b = view[i + 1];
            if (ReferenceEquals(a.Region, b.Region) && a.End == b.Start && a.Offset + a.Size == b.Offset && a.ReadOnly == b.ReadOnly)
            {
                view[i] = a with { Size = a.Size + b.Size };
                view.RemoveAt(i + 1);
            }
            else
            {
                i++;
            }
        }
    }
}
