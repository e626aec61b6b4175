using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Running;
using QomSharp.Benchmarks.Scale;

// dotnet run -c Release --project benchmarks/QomSharp.Benchmarks.Scale [-- BenchmarkDotNet args]
// ... -- --print N: print the N -device options, one a line (to give them to QEMU or the tool).
// ... -- --alloc-types N: a sampled share of the bytes allocated per device by type (N devices).
// ... -- --unplug N...: time and bytes per device to unplug the pci-testdev functions of N devices.
// ... -- --bytes: bytes allocated and retained per device (between 1,000 and 11,000 devices).
if (args.Length == 1 && args[0] == "--bytes")
{
    var (allocated, retained) = Footprint.PerDevice(1_000, 11_000, out var phases);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allocated per device: {allocated:F0} B, retained per device: {retained:F0} B"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"allocated per device by phase: {string.Join(", ", QomSharp.Benchmarks.Scale.CommandLine.Phases.Select((name, i) => $"{name} {phases[i]:F0} B"))}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"a pci-testdev object alone: {Footprint.ObjectSize(static () => new QomSharp.Devices.Pci.PciTestDevice())} B"));
    return 0;
}

if (args.Length >= 2 && args[0] == "--unplug")
{
    MassUnplug.Print([.. args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture))]);
    return 0;
}

if (args.Length == 2 && args[0] == "--alloc-types")
{
    AllocationCensus.Print(int.Parse(args[1], CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length == 2 && args[0] == "--print")
{
    foreach (var option in Topology.DeviceOptions(int.Parse(args[1], CultureInfo.InvariantCulture)))
    {
        Console.WriteLine(option);
    }

    return 0;
}

foreach (var n in new[] { 1_000, 10_000, 100_000 })
{
    File.Delete(DeviceCreation.PeakRssFile(n));
}

var summary = BenchmarkRunner.Run<DeviceCreation>(args: args);
var table = new StringBuilder();
table.AppendLine("| devices | median per run (ms) | per device (µs) | vs N = 1,000 | allocated per device (B) | peak RSS (MiB) |");
table.AppendLine("|---:|---:|---:|---:|---:|---:|");
double? first = null;
foreach (var report in summary.Reports.OrderBy(r => (int)r.BenchmarkCase.Parameters["N"]))
{
    int n = (int)report.BenchmarkCase.Parameters["N"];
    if (report.ResultStatistics is not { } stats)
    {
        table.AppendLine(CultureInfo.InvariantCulture, $"| {n:N0} | failed | | | | |");
        continue;
    }

    double perDevice = stats.Median / 1000.0 / n;
    first ??= perDevice;
    long bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
    string rssFile = DeviceCreation.PeakRssFile(n);
    string rss = File.Exists(rssFile) ? (long.Parse(File.ReadAllText(rssFile), CultureInfo.InvariantCulture) / 1048576.0).ToString("F0", CultureInfo.InvariantCulture) : "n/a";
    table.AppendLine(CultureInfo.InvariantCulture,
        $"| {n:N0} | {stats.Median / 1e6:F1} | {perDevice:F2} | {perDevice / first:F2}× | {bytes / (double)n:F0} | {rss} |");
}

Console.WriteLine();
Console.WriteLine(table);
return 0;
