using System;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Linq;

namespace QomSharp.Benchmarks.Scale;

/// <summary>
/// Which types the command line allocates, by the runtime's allocation sampling (one event about
/// every 100 KB, naming the type of the object that crossed the mark): a rough share per type, for
/// finding what to cut, not a measurement.
/// </summary>
public sealed class AllocationCensus : EventListener
{
    private readonly Dictionary<string, long> bytesByType = [];
    private bool listening;

    /// <summary>Runs the command line with <paramref name="devices"/> devices and prints the sampled bytes per device by type.</summary>
    public static void Print(int devices)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(typeof(Devices.Pci.PciTestDevice).Module.ModuleHandle);
        var options = Topology.DeviceOptions(devices);
        CommandLine.Run(options);
        using var census = new AllocationCensus();
        census.listening = true;
        var machine = CommandLine.Run(options);
        census.listening = false;
        GC.KeepAlive(machine);
        long total = census.bytesByType.Values.Sum();
        foreach (var (type, bytes) in census.bytesByType.OrderByDescending(p => p.Value).Take(40))
        {
            Console.WriteLine($"{bytes / (double)devices,8:F1} B/device  {100.0 * bytes / total,5:F1}%  {type}");
        }
    }

    /// <inheritdoc/>
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    /// <inheritdoc/>
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!listening || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }

        int typeAt = eventData.PayloadNames!.IndexOf("TypeName");
        int amountAt = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (typeAt < 0 || amountAt < 0)
        {
            return;
        }

        string type = eventData.Payload[typeAt] as string ?? "?";
        long amount = Convert.ToInt64(eventData.Payload[amountAt], System.Globalization.CultureInfo.InvariantCulture);
        lock (bytesByType)
        {
            bytesByType[type] = bytesByType.GetValueOrDefault(type) + amount;
        }
    }
}
