using System.Collections.Generic;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Virtio;

/// <summary>
/// QEMU's <c>resv_region_list_insert</c> (util/reserved-region.c): a sorted list of disjoint
/// reserved regions where a region inserted later wins over the parts of earlier ones it overlaps
/// (they are cut or dropped). virtio-iommu inserts the host's ranges first and the machine's
/// (<c>reserved-regions</c>) last, so the MSI window keeps its MSI type.
/// </summary>
public static class ReservedRegionList
{
    /// <summary>Inserts <paramref name="region"/> into the sorted <paramref name="list"/>, with QEMU's cuts.</summary>
    public static void Insert(List<VirtioIommuReservedRegion> list, VirtioIommuReservedRegion region)
    {
        IovaRange r = region.Range;
        int i = 0;
        while (i < list.Count)
        {
            IovaRange current = list[i].Range;
            if (current.Last < r.Start)
            {
                i++;
            }
            else if (current.Start > r.Last)
            {
                list.Insert(i, region);
                return;
            }
            else if (r.Start <= current.Start && current.Last <= r.Last)
            {
                list.RemoveAt(i); // the new region covers this one
            }
            else if (current.Start <= r.Start && r.Last <= current.Last)
            {
                // The new region lies inside this one: one, two or three pieces result.
                uint type = list[i].Type;
                if (current.Start == r.Start)
                {
                    list[i] = list[i] with { Range = new IovaRange(r.Last + 1, current.Last) };
                    list.Insert(i, region);
                    return;
                }

                if (current.Last == r.Last)
                {
                    list[i] = list[i] with { Range = new IovaRange(current.Start, r.Start - 1) };
                    i++;
                    continue;
                }

                list[i] = list[i] with { Range = new IovaRange(r.Last + 1, current.Last) };
                list.Insert(i, new VirtioIommuReservedRegion(new IovaRange(current.Start, r.Start - 1), type));
                list.Insert(i + 1, region);
                return;
            }
            else if (r.Start < current.Start)
            {
                list[i] = list[i] with { Range = new IovaRange(r.Last + 1, current.Last) };
                list.Insert(i, region);
                return;
            }
            else
            {
                list[i] = list[i] with { Range = new IovaRange(current.Start, r.Start - 1) };
                i++;
            }
        }

        list.Add(region);
    }
}
