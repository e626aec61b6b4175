using System.Collections.Generic;
using System.Globalization;
using System.Text;
using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Monitor;

/// <summary>
/// HMP <c>info mtree [-f] [-o] [-D]</c>: the machine's memory region trees as QEMU 10.0 prints
/// them. Without <c>-f</c>, each address space's root region with its subregions (the address
/// spaces sharing a root under one tree, their names in order), then each region an alias shows;
/// with <c>-f</c>, each address space's flat view (<see cref="FlatViewPrinter"/>). <c>-o</c> adds
/// each region's owner, <c>-D</c> lists disabled regions too. QEMU prints the address spaces in an
/// order that changes from run to run (a hash table's); here they come in the order they were made.
/// </summary>
public static class MtreePrinter
{
    /// <summary>The text of <c>info mtree</c> with the given flags.</summary>
    public static string Print(QomContext context, bool flat, bool owners, bool disabled, bool dispatch = false)
    {
        System.ArgumentNullException.ThrowIfNull(context);
        return flat ? FlatViewPrinter.Print(context, owners, dispatch) : PrintTrees(context, owners, disabled);
    }

    private static string PrintTrees(QomContext context, bool owners, bool disabled)
    {
        var text = new StringBuilder();
        var roots = new List<MemoryRegion>();
        var names = new Dictionary<MemoryRegion, List<string>>(ReferenceEqualityComparer.Instance);
        foreach (var (name, root) in context.Qdev.AddressSpaces.All)
        {
            if (!names.TryGetValue(root, out var list))
            {
                names[root] = list = [];
                roots.Add(root);
            }

            int at = list.FindIndex(n => string.CompareOrdinal(name, n) < 0);
            list.Insert(at < 0 ? list.Count : at, name);
        }

        var aliased = new List<MemoryRegion>();
        foreach (var root in roots)
        {
            foreach (string name in names[root])
            {
                text.Append("address-space: ").Append(name).Append('\n');
            }

            PrintRegion(text, root, 1, 0, aliased, owners, disabled);
            text.Append('\n');
        }

        // The regions aliases show, each once; printing one may find more.
        for (int i = 0; i < aliased.Count; i++)
        {
            text.Append("memory-region: ").Append(aliased[i].Name).Append('\n');
            PrintRegion(text, aliased[i], 1, 0, aliased, owners, disabled);
            text.Append('\n');
        }

        return text.ToString();
    }

    // One region's line (unless it is disabled and those are not shown), then its subregions one
    // level deeper, by address, and at one address by priority, highest first.
    private static void PrintRegion(StringBuilder text, MemoryRegion region, int level, ulong containerBase,
                                    List<MemoryRegion> aliased, bool owners, bool disabled)
    {
        ulong start = containerBase + region.Address;
        ulong end = start + LastOffset(region.Size);
        if (start < containerBase || end < start)
        {
            text.Append("[DETECTED OVERFLOW!] ");
        }

        if (region.AliasOf is { } target && !aliased.Exists(r => ReferenceEquals(r, target)))
        {
            aliased.Add(target);
        }

        if (region.Enabled || disabled)
        {
            text.Append(' ', 2 * level);
            Range(text, start, end).Append(" (prio ").Append(region.Priority.ToString(CultureInfo.InvariantCulture))
                .Append(", ").Append(KindName(region)).Append("): ");
            if (region.AliasOf is { } shown)
            {
                text.Append("alias ").Append(region.Name).Append(" @").Append(shown.Name).Append(' ');
                Range(text, region.AliasOffset, region.AliasOffset + LastOffset(region.Size));
            }
            else
            {
                text.Append(region.Name);
            }

            if (!region.Enabled)
            {
                text.Append(" [disabled]");
            }

            if (owners)
            {
                AppendOwner(text, region);
            }

            text.Append('\n');
        }

        var queue = new List<MemoryRegion>();
        foreach (var sub in region.Subregions)
        {
            int at = queue.FindIndex(q => sub.Address < q.Address || (sub.Address == q.Address && sub.Priority > q.Priority));
            queue.Insert(at < 0 ? queue.Count : at, sub);
        }

        foreach (var sub in queue)
        {
            PrintRegion(text, sub, level + 1, start, aliased, owners, disabled);
        }
    }

    // The offset of a region's last byte (a region of 2^64 bytes has size ulong.MaxValue here; an
    // empty one ends where it starts).
    internal static ulong LastOffset(ulong size) => size == 0 || size == ulong.MaxValue ? size : size - 1;

    internal static StringBuilder Range(StringBuilder text, ulong start, ulong end) =>
        text.Append(start.ToString("x16", CultureInfo.InvariantCulture)).Append('-').Append(end.ToString("x16", CultureInfo.InvariantCulture));

    /// <summary>QEMU's <c>memory_region_type</c>: an alias is of the kind of the region it shows.</summary>
    internal static string KindName(MemoryRegion region)
    {
        while (region.AliasOf is { } shown)
        {
            region = shown;
        }

        return region.Kind switch
        {
            MemoryRegionKind.Ram => "ram",
            MemoryRegionKind.Rom => "rom",
            MemoryRegionKind.RomDevice => "romd",
            MemoryRegionKind.RamDevice => "ramd",
            _ => "i/o",
        };
    }

    // -o: " owner:{...}" for the object that owns the region (none for one under a plain
    // container such as /machine/unattached), then " parent:{...}" for its parent in the QOM tree
    // when that is not the owner (a port I/O list's regions hang under their device).
    internal static void AppendOwner(StringBuilder text, MemoryRegion region)
    {
        var parent = region.Parent;
        if (region.OwnedByPortioList)
        {
            text.Append(" owner:{obj type=memory-region-portio-list}");
        }
        else if (parent is not null && parent.TypeName != "container")
        {
            text.Append(" owner:{");
            AppendObject(text, parent);
            text.Append('}');
            return;
        }

        if (parent is not null)
        {
            text.Append(" parent:{");
            AppendObject(text, parent);
            text.Append('}');
        }
    }

    private static void AppendObject(StringBuilder text, QomObject obj)
    {
        if (obj is Device device)
        {
            text.Append("dev ");
            if (device.Id is { } id)
            {
                text.Append("id=").Append(id);
                return;
            }
        }
        else
        {
            text.Append("obj ");
        }

        if (obj.CanonicalPath is { } path)
        {
            text.Append("path=").Append(path);
        }
        else
        {
            text.Append("type=").Append(obj.TypeName);
        }
    }
}
