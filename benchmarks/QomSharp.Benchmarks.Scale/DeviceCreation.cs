using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using QomSharp.Devices.Pci;

namespace QomSharp.Benchmarks.Scale;

/// <summary>
/// One operation: a fresh q35 machine and N devices from one command line (<see cref="CommandLine"/>).
/// Each operation is long (milliseconds to seconds), so every invocation is measured on its own
/// (BenchmarkDotNet's monitoring strategy), a GC between iterations.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 15, iterationCount: 10)]
public class DeviceCreation
{
    private List<string> options = [];

    /// <summary>The number of devices on the command line.</summary>
    [Params(1_000, 10_000, 100_000)]
    public int N { get; set; }

    /// <summary>Builds the options and checks once that every device is created.</summary>
    [GlobalSetup]
    public void Setup()
    {
        System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(typeof(PciTestDevice).Module.ModuleHandle);
        options = Topology.DeviceOptions(N);
        var machine = CommandLine.Run(options);
        int created = CountDevices(machine.MainSystemBus) - CountDevices(CommandLine.Run([]).MainSystemBus);
        if (created != N)
        {
            throw new InvalidOperationException($"expected {N} devices from the command line, found {created}");
        }
    }

    /// <summary>Creates the machine and the N devices.</summary>
    [Benchmark]
    public object CreateDevices() => CommandLine.Run(options);

    /// <summary>Leaves the process's peak working set where the runner picks it up.</summary>
    [GlobalCleanup]
    public void Cleanup() =>
        File.WriteAllText(PeakRssFile(N), Process.GetCurrentProcess().PeakWorkingSet64.ToString(CultureInfo.InvariantCulture));

    /// <summary>Where the benchmark process for <paramref name="n"/> writes its peak working set.</summary>
    public static string PeakRssFile(int n) => Path.Combine(Path.GetTempPath(), $"qomsharp-scale-peak-rss-{n}.txt");

    private static int CountDevices(Qdev.Bus bus)
    {
        int count = 0;
        foreach (var device in bus.Devices)
        {
            count++;
            foreach (var child in device.ChildBuses)
            {
                count += CountDevices(child);
            }
        }

        return count;
    }
}
