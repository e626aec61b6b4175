using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;

namespace QomSharp.Benchmarks.Scale;

/// <summary>
/// Taking many devices away: the command line with N devices run, then each of its
/// <c>pci-testdev</c> functions unparented in the order they were made (what completing their unplug
/// does: unrealized, taken off the bus, their bus master address space destroyed), timed with a
/// stopwatch, best of three rounds. Linear work gives a flat figure per device as N grows.
/// </summary>
public static class MassUnplug
{
    /// <summary>Prints the time and bytes per device unplugged for each of <paramref name="counts"/>.</summary>
    public static void Print(IReadOnlyList<int> counts)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(typeof(Devices.Pci.PciTestDevice).Module.ModuleHandle);
        Console.WriteLine("| devices | pci-testdev unplugged | per device (µs) | allocated per device (B) |");
        Console.WriteLine("|---:|---:|---:|---:|");
        Run(1_000);
        foreach (int n in counts)
        {
            double best = double.MaxValue;
            long bytes = 0;
            int unplugged = 0;
            for (int round = 0; round < 3; round++)
            {
                var (seconds, allocated, count) = Run(n);
                if (seconds < best)
                {
                    best = seconds;
                    bytes = allocated;
                    unplugged = count;
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {n:N0} | {unplugged:N0} | {best * 1e6 / unplugged:F2} | {bytes / (double)unplugged:F0} |"));
        }
    }

    private static (double Seconds, long Allocated, int Count) Run(int n)
    {
        var machine = CommandLine.Run(Topology.DeviceOptions(n));
        var devices = new List<Devices.Pci.PciTestDevice>(n);
        foreach (var (_, child) in machine.Context.ResolvePath("/machine/peripheral-anon")!.Children)
        {
            if (child is Devices.Pci.PciTestDevice device)
            {
                devices.Add(device);
            }
        }

        GC.Collect();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        foreach (var device in devices)
        {
            device.Unparent();
        }

        clock.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        foreach (var (name, root) in machine.Context.Qdev.AddressSpaces.All)
        {
            if (name == Devices.Pci.PciTestDevice.QomTypeName)
            {
                throw new InvalidOperationException("an unplugged function's bus master address space is still listed");
            }
        }

        return (clock.Elapsed.TotalSeconds, allocated, devices.Count);
    }
}
