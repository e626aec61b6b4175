using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using QomSharp.Memory;

namespace QomSharp.Monitor;

/// <summary>
/// HMP <c>info mtree -f -d</c>'s dispatch tables of one flat view, as QEMU 10.0 builds them from the
/// view's ranges (<c>flatview_add_to_dispatch</c>): the physical sections (the unassigned section
/// first; a range's part in a page it shares becomes a section of that page's subpage, its whole
/// pages one section) and the page table, a radix tree of 6 levels of 9 bits over 4 KiB pages,
/// compacted where a node has a single child; with the labels QEMU prints (the first four indexes'
/// fixed names, the view's root, the section of the dispatch's most recent lookup, IOMMU regions).
/// </summary>
internal static class DispatchPrinter
{
    private const int PageBits = 12;
    private const int LevelBits = 9;
    private const int Levels = 6;
    private const int NodeSize = 1 << LevelBits;
    private const uint Nil = uint.MaxValue >> 6;

    private static readonly string[] FixedLabels = [" [unassigned]", " [not dirty]", " [ROM]", " [watch]"];

    private struct Entry
    {
        public int Skip;
        public uint Pointer;
    }

    private sealed record Section(Int128 Start, Int128 Size, MemoryRegion? Region, bool InPageTable);

    private sealed class Dispatch
    {
        public readonly List<Section> Sections = [new(0, (Int128)1 << 64, null, false)];
        public readonly List<Entry[]> Nodes = [];
        public Entry Root = new() { Skip = 1, Pointer = Nil };
        public readonly Dictionary<ulong, int> Subpages = [];

        public int AddSection(Section section)
        {
            Sections.Add(section);
            return Sections.Count - 1;
        }

        private uint Allocate(bool leaf)
        {
            var node = new Entry[NodeSize];
            for (int i = 0; i < NodeSize; i++)
            {
                node[i] = leaf ? new Entry { Skip = 0, Pointer = 0 } : new Entry { Skip = 1, Pointer = Nil };
            }

            Nodes.Add(node);
            return (uint)(Nodes.Count - 1);
        }

        // QEMU's phys_page_set: pages [index, index + count) point to section leaf.
        public void SetPages(ulong index, ulong count, int leaf) => SetLevel(ref Root, ref index, ref count, leaf, Levels - 1);

        private void SetLevel(ref Entry entry, ref ulong index, ref ulong count, int leaf, int level)
        {
            ulong step = 1UL << (level * LevelBits);
            if (entry.Skip != 0 && entry.Pointer == Nil)
            {
                entry.Pointer = Allocate(level == 0);
            }

            var node = Nodes[(int)entry.Pointer];
            int i = (int)((index >> (level * LevelBits)) & (NodeSize - 1));
            while (count > 0 && i < NodeSize)
            {
                if ((index & (step - 1)) == 0 && count >= step)
                {
                    node[i].Skip = 0;
                    node[i].Pointer = (uint)leaf;
                    index += step;
                    count -= step;
                }
                else
                {
                    SetLevel(ref node[i], ref index, ref count, leaf, level - 1);
                }

                i++;
            }
        }

        // QEMU's phys_page_compact: an entry whose node has a single child points past it.
        public void Compact(ref Entry entry)
        {
            if (entry.Pointer == Nil)
            {
                return;
            }

            var node = Nodes[(int)entry.Pointer];
            int valid = 0;
            int only = NodeSize;
            for (int i = 0; i < NodeSize; i++)
            {
                if (node[i].Pointer == Nil)
                {
                    continue;
                }

                only = i;
                valid++;
                if (node[i].Skip != 0)
                {
                    Compact(ref node[i]);
                }
            }

            if (valid != 1)
            {
                return;
            }

            entry.Pointer = node[only].Pointer;
            entry.Skip = node[only].Skip == 0 ? 0 : entry.Skip + node[only].Skip;
        }
    }

    public static void Print(StringBuilder text, List<(Int128 Start, Int128 Size, MemoryRegion Region)> ranges, MemoryRegion root, ulong? mostRecentLookup)
    {
        var d = new Dispatch();
        foreach (var (start, size, region) in ranges)
        {
            Add(d, start, size, region);
        }

        if (d.Root.Skip != 0)
        {
            d.Compact(ref d.Root);
        }

        int mru = -1;
        if (mostRecentLookup is { } address)
        {
            mru = 0;
            for (int i = 1; i < d.Sections.Count; i++)
            {
                var s = d.Sections[i];
                if (s.InPageTable && address >= s.Start && address - s.Start < s.Size)
                {
                    mru = i;
                    break;
                }
            }
        }

        text.Append("  Dispatch\n    Physical sections\n");
        for (int i = 0; i < d.Sections.Count; i++)
        {
            var s = d.Sections[i];
            Int128 last = s.Size == 0 ? s.Start : s.Start + s.Size - 1;
            text.Append("      #").Append(i.ToString(CultureInfo.InvariantCulture)).Append(" @")
                .Append(((ulong)s.Start).ToString("x16", CultureInfo.InvariantCulture)).Append("..")
                .Append(((ulong)last).ToString("x16", CultureInfo.InvariantCulture)).Append(' ')
                .Append(s.Region?.Name ?? "(noname)");
            if (i < FixedLabels.Length)
            {
                text.Append(FixedLabels[i]);
            }

            if (ReferenceEquals(s.Region, root))
            {
                text.Append(" [ROOT]");
            }

            if (i == mru)
            {
                text.Append(" [MRU]");
            }

            if (s.Region is IommuMemoryRegion)
            {
                text.Append(" [iommu]");
            }

            text.Append('\n');
        }

        text.Append("    Nodes (").Append(LevelBits).Append(" bits per level, ").Append(Levels).Append(" levels) ptr=[")
            .Append(d.Root.Pointer.ToString(CultureInfo.InvariantCulture)).Append("] skip=")
            .Append(d.Root.Skip.ToString(CultureInfo.InvariantCulture)).Append('\n');
        for (int n = 0; n < d.Nodes.Count; n++)
        {
            text.Append("      [").Append(n.ToString(CultureInfo.InvariantCulture)).Append("]\n");
            var node = d.Nodes[n];
            int from = 0;
            for (int j = 1; j <= NodeSize; j++)
            {
                if (j < NodeSize && node[j].Pointer == node[from].Pointer && node[j].Skip == node[from].Skip)
                {
                    continue;
                }

                Entries(text, from, j, node[from]);
                from = j;
            }
        }
    }

    private static void Entries(StringBuilder text, int start, int end, Entry entry)
    {
        text.Append('\t');
        if (start == end - 1)
        {
            text.Append(start.ToString(CultureInfo.InvariantCulture).PadLeft(3)).Append("      ");
        }
        else
        {
            text.Append(start.ToString(CultureInfo.InvariantCulture).PadLeft(3)).Append("..")
                .Append((end - 1).ToString(CultureInfo.InvariantCulture).PadRight(4));
        }

        text.Append(" skip=").Append(entry.Skip.ToString(CultureInfo.InvariantCulture)).Append(' ');
        string pointer = entry.Pointer.ToString(CultureInfo.InvariantCulture);
        text.Append(entry.Pointer == Nil ? " ptr=NIL" : entry.Skip == 0 ? " ptr=#" + pointer : " ptr=[" + pointer + "]").Append('\n');
    }

    // QEMU's flatview_add_to_dispatch: the part before the first page boundary goes to that
    // page's subpage, the whole pages after it to one section, the rest to the last page's subpage.
    private static void Add(Dispatch d, Int128 start, Int128 size, MemoryRegion region)
    {
        const ulong PageSize = 1UL << PageBits;
        if (((ulong)start & (PageSize - 1)) != 0)
        {
            Int128 left = (Int128)(((ulong)start & ~(PageSize - 1)) + PageSize) - start;
            Int128 now = Int128.Min(left, size);
            AddToSubpage(d, start, now, region);
            if (now == size)
            {
                return;
            }

            start += now;
            size -= now;
        }

        if (size >= PageSize)
        {
            Int128 whole = size & ~(Int128)(PageSize - 1);
            int index = d.AddSection(new(start, whole, region, true));
            d.SetPages((ulong)(start >> PageBits), (ulong)(whole >> PageBits), index);
            if (whole == size)
            {
                return;
            }

            start += whole;
            size -= whole;
        }

        AddToSubpage(d, start, size, region);
    }

    private static void AddToSubpage(Dispatch d, Int128 start, Int128 size, MemoryRegion region)
    {
        ulong page = (ulong)start >> PageBits;
        if (!d.Subpages.ContainsKey(page))
        {
            int subpage = d.AddSection(new((Int128)(page << PageBits), 1 << PageBits, null, true));
            d.Subpages[page] = subpage;
            d.SetPages(page, 1, subpage);
        }

        d.AddSection(new(start, size, region, false));
    }
}
