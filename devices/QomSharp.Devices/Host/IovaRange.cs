using System;

namespace QomSharp.Devices.Host;

/// <summary>An inclusive address range [Start, Last], the form both the kernel and QEMU's Range use.</summary>
public readonly record struct IovaRange
{
    public IovaRange(ulong start, ulong last)
    {
        if (last < start)
            throw new ArgumentException($"IOVA range end 0x{last:x} is below its start 0x{start:x}");
        Start = start;
        Last = last;
    }

    public ulong Start { get; }

    /// <summary>The last address inside the range (inclusive), so a range can end at 2^64 − 1.</summary>
    public ulong Last { get; }

    public bool Overlaps(IovaRange other) => Start <= other.Last && other.Start <= Last;

    /// <summary>Overlapping or directly adjacent (no gap), so the two merge into one range.</summary>
    public bool Touches(IovaRange other) =>
        Overlaps(other) || (Last != ulong.MaxValue && Last + 1 == other.Start) || (other.Last != ulong.MaxValue && other.Last + 1 == Start);

    public override string ToString() => $"[0x{Start:x}, 0x{Last:x}]";
}
