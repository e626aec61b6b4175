using System;
using System.Collections.Generic;
using System.Linq;

namespace QomSharp.Devices.Host;

/// <summary>Set arithmetic on inclusive ranges: normalise (sort + merge) and subtract.</summary>
public static class IovaRangeSet
{
    /// <summary>
    /// Sorts and merges ranges that overlap or touch, as QEMU's range_list_insert does, so the order
    /// in which the kernel reports ranges does not matter.
    /// </summary>
    public static IReadOnlyList<IovaRange> Normalize(IEnumerable<IovaRange> ranges)
    {
        var result = new List<IovaRange>();
        foreach (IovaRange range in ranges.OrderBy(r => r.Start))
        {
            if (result.Count > 0 && result[^1].Touches(range))
                result[^1] = new IovaRange(result[^1].Start, Math.Max(result[^1].Last, range.Last));
            else
                result.Add(range);
        }
        return result;
    }

    /// <summary>Removes every address of <paramref name="holes"/> from <paramref name="ranges"/>.</summary>
    public static IReadOnlyList<IovaRange> Subtract(IEnumerable<IovaRange> ranges, IEnumerable<IovaRange> holes)
    {
        IReadOnlyList<IovaRange> holeList = Normalize(holes);
        var result = new List<IovaRange>();
        foreach (IovaRange range in Normalize(ranges))
        {
            ulong cursor = range.Start;
            bool exhausted = false;
            foreach (IovaRange hole in holeList)
            {
                if (hole.Last < cursor || hole.Start > range.Last)
                    continue;
                if (hole.Start > cursor)
                    result.Add(new IovaRange(cursor, hole.Start - 1));
                // A hole ending at the very top of the address space leaves nothing after it.
                if (hole.Last >= range.Last)
                {
                    exhausted = true;
                    break;
                }
                cursor = hole.Last + 1;
            }
            if (!exhausted)
                result.Add(new IovaRange(cursor, range.Last));
        }
        return result;
    }
}
