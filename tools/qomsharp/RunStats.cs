using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace QomSharp.Tool;

/// <summary>
/// With <c>QOMSHARP_STATS</c> set in the environment, the tool writes to its standard error, at
/// the end of a run, what each phase of the run cost: its time by <see cref="Stopwatch"/>, the
/// collections of each generation, the bytes allocated (exact, not the collector's estimate) and
/// the collector's pause. The phases, in order: <c>heap</c> (the no-collection region started and
/// the heap advised to use huge pages, see <see cref="BuildHeap"/>), <c>options</c> (the command
/// line read: every option's syntax, help requests, each <c>-device</c>'s QemuOpts parsed and its
/// id checked), <c>machine</c> (the board built), <c>devices</c> (each <c>-device</c> created, its
/// properties set, realized and plugged, in order), <c>done</c> (machine-init-done and the check
/// of unused globals) and <c>tree</c> (<c>info qom-tree</c> printed); a run that serves QMP or
/// qtest ends its phases at <c>done</c>. The clock starts when the tool's code starts (the
/// runtime's own start-up and the process's exit are not in it). Collection counts and bytes do
/// not depend on the machine's load, which the times do.
/// </summary>
internal sealed class RunStats
{
    private readonly List<Mark> marks = [];

    private RunStats() => Phase("start");

    /// <summary>The statistics of this run when the environment asks for them, else null.</summary>
    public static RunStats? FromEnvironment() =>
        Environment.GetEnvironmentVariable("QOMSHARP_STATS") is { Length: > 0 } ? new RunStats() : null;

    /// <summary>Marks the end of the phase named <paramref name="name"/>.</summary>
    public void Phase(string name) => marks.Add(new Mark(
        name, Stopwatch.GetTimestamp(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
        GC.GetTotalAllocatedBytes(precise: true), GC.GetTotalPauseDuration(),
        System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion));

    /// <summary>Writes one line a phase, then the totals from the start of the first phase to the end of the last.</summary>
    public void Write(TextWriter error)
    {
        var info = GC.GetGCMemoryInfo();
        var inv = CultureInfo.InvariantCulture;
        error.Write("qomsharp stats: phase, ms, gen0/gen1/gen2 collections, KiB allocated, GC pause ms, no-collection region at its end\n");
        for (int i = 1; i < marks.Count; i++)
        {
            var (from, to) = (marks[i - 1], marks[i]);
            error.Write(string.Format(
                inv, "qomsharp stats: {0,-9} {1,9:F3} {2,5}/{3}/{4} {5,8:F0} {6,8:F1} {7}\n", to.Name,
                Stopwatch.GetElapsedTime(from.Timestamp, to.Timestamp).TotalMilliseconds,
                to.Gen0 - from.Gen0, to.Gen1 - from.Gen1, to.Gen2 - from.Gen2,
                (to.Allocated - from.Allocated) / 1024.0, (to.Pause - from.Pause).TotalMilliseconds, to.NoGCRegion ? "yes" : "no"));
        }

        var last = marks[^1];
        error.Write(string.Format(
            inv, "qomsharp stats: total     {0,9:F3} {1,5}/{2}/{3} {4,8:F0} {5,8:F1}; heap {6:F1} MiB, committed {7:F1} MiB, concurrent {8}\n",
            Stopwatch.GetElapsedTime(marks[0].Timestamp, last.Timestamp).TotalMilliseconds, last.Gen0, last.Gen1, last.Gen2,
            last.Allocated / 1024.0, last.Pause.TotalMilliseconds, info.HeapSizeBytes / 1048576.0,
            info.TotalCommittedBytes / 1048576.0, info.Concurrent ? "on" : "off"));
    }

    private readonly record struct Mark(string Name, long Timestamp, int Gen0, int Gen1, int Gen2, long Allocated, TimeSpan Pause, bool NoGCRegion);
}
