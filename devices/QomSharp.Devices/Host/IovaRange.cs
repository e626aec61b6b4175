using System;

namespace QomSharp.Devices.Host;

/// <summary>An inclusive address range [Start, Last], the form both the kernel and QEMU's Range use.</summary>
public readonly record struct IovaRange
{
    /// <summary>The range [<paramref name="start"/>, <paramref name="last"/>]; throws <see cref="ArgumentException"/> if last is below start.</summary>
    public IovaRange(ulong start, ulong last)
    {
        if (last < start)
            throw new ArgumentException($"IOVA range end 0x{last:x} is below its start 0x{start:x}");
        Start = start;
        Last = last;
    }

    /// <summary>The first address inside the range.</summary>
    public ulong Start { get; }

    /// <summary>The last address inside the range (inclusive), so a range can end at 2^64 − 1.</summary>
    public ulong Last { get; }

    /// <summary>Whether the two ranges share at least one address.</summary>
    public bool Overlaps(IovaRange other) => Start <= other.Last && other.Start <= Last;

    /// <summary>Overlapping or directly adjacent (no gap), so the two merge into one range.</summary>
    public bool Touches(IovaRange other) =>
        Overlaps(other) || (Last != ulong.MaxValue && Last + 1 == other.Start) || (other.Last != ulong.MaxValue && other.Last + 1 == Start);

    /// <summary>The range as <c>[0xstart, 0xlast]</c>.</summary>
    public override string ToString() => $"[0x{Start:x}, 0x{Last:x}]";
}
