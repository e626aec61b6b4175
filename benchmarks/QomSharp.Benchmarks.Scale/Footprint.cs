using System;
using System.Collections.Generic;

namespace QomSharp.Benchmarks.Scale;

/// <summary>
/// Bytes per device, which do not depend on the machine's load: allocated while the command line
/// runs, and still reachable once it has run (the machine kept), each taken as the difference
/// between two sizes of command line so that the machine's own cost cancels out.
/// </summary>
public static class Footprint
{
    /// <summary>Allocated and retained bytes per device between <paramref name="small"/> and <paramref name="large"/> devices.</summary>
    public static (double Allocated, double Retained) PerDevice(int small, int large) => PerDevice(small, large, out _);

    /// <summary>
    /// <see cref="PerDevice(int, int)"/>, with the bytes allocated per device in each phase of the
    /// command line (<see cref="CommandLine.Phases"/>).
    /// </summary>
    public static (double Allocated, double Retained) PerDevice(int small, int large, out double[] phases)
    {
        // The device models register when their module is initialized (as the benchmark's setup does).
        System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(typeof(Devices.Pci.PciTestDevice).Module.ModuleHandle);
        var smallOptions = Topology.DeviceOptions(small);
        var largeOptions = Topology.DeviceOptions(large);

        // Once each first: classes built, code compiled, caches filled.
        CommandLine.Run(smallOptions);
        CommandLine.Run(largeOptions);
        var smallPhases = new long[CommandLine.Phases.Length];
        var largePhases = new long[CommandLine.Phases.Length];
        var (allocatedSmall, retainedSmall) = Measure(smallOptions, smallPhases);
        var (allocatedLarge, retainedLarge) = Measure(largeOptions, largePhases);
        double devices = large - small;
        phases = new double[smallPhases.Length];
        for (int i = 0; i < phases.Length; i++)
        {
            phases[i] = (largePhases[i] - smallPhases[i]) / devices;
        }

        return ((allocatedLarge - allocatedSmall) / devices, (retainedLarge - retainedSmall) / devices);
    }

    /// <summary>The bytes <paramref name="create"/> allocates (one object: its size).</summary>
    public static long ObjectSize(Func<object> create)
    {
        create();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            create();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;
    }

    private static (long Allocated, long Retained) Measure(List<string> options, long[] phases)
    {
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var machine = CommandLine.Run(options, phases);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        GC.KeepAlive(machine);
        return (allocated, retained);
    }
}
