using System;
using System.Globalization;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using QomSharp.Benchmarks.Qmp;

// QOMSHARP_TOOL=... QEMU=... dotnet run -c Release --project benchmarks/QomSharp.Benchmarks.Qmp
// (benchmarks/qmp-throughput.sh publishes the AOT tool and sets both.)
foreach (var variable in new[] { QmpRequests.QomSharpVariable, QmpRequests.QemuVariable })
{
    if (Environment.GetEnvironmentVariable(variable) is null)
    {
        Console.Error.WriteLine($"{variable} must name the executable to measure");
        return 2;
    }
}

var config = ManualConfig.CreateMinimumViable()
    .AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(4).WithIterationCount(15));
var summary = BenchmarkRunner.Run<QmpRequests>(config, args);

var table = new StringBuilder();
table.AppendLine("| request | QEMU 10.0 (req/s) | qomsharp AOT (req/s) | qomsharp / QEMU |");
table.AppendLine("|---|---:|---:|---:|");
foreach (var request in summary.Reports.GroupBy(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name))
{
    double PerSecond(string server) =>
        request.First(r => (string)r.BenchmarkCase.Parameters["Server"] == server).ResultStatistics is { } s ? 1e9 / s.Median : double.NaN;
    double qemu = PerSecond("qemu-10.0");
    double ours = PerSecond("qomsharp");
    table.AppendLine(CultureInfo.InvariantCulture, $"| {request.Key} | {qemu:N0} | {ours:N0} | {ours / qemu:F2}× |");
}

Console.WriteLine();
Console.WriteLine(table);
return 0;
