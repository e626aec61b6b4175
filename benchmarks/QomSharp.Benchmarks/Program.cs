using System;
using System.Globalization;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Running;
using QomSharp.Benchmarks;

// dotnet run -c Release --project benchmarks/QomSharp.Benchmarks [-- --quick] [--w8-runs N] [--gobject FILE.json] [BenchmarkDotNet args]
// ... -- --w1-bytes: the bytes of each side's bench-leaf object and of one W1 operation.
if (args.Length == 2 && args[0] == "--w8-once")
{
    Console.WriteLine(MassRegistration.RunOnce(args[1]).ToString("R", CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length == 1 && args[0] == "--w1-bytes")
{
    ObjectBytes.Print();
    return 0;
}

if (Environment.GetEnvironmentVariable(MassRegistration.ChildMarker) is not null)
{
    Console.Error.WriteLine($"a W8 child process was started with unexpected arguments: {string.Join(' ', args)}");
    return 2;
}

bool quick = args.Contains("--quick");
int w8Runs = quick ? 3 : 9;
int at = Array.IndexOf(args, "--w8-runs");
if (at >= 0 && at + 1 < args.Length)
{
    w8Runs = int.Parse(args[at + 1], CultureInfo.InvariantCulture);
}

int gobjectAt = Array.IndexOf(args, "--gobject");
AnchorResults? gobject = gobjectAt >= 0 && gobjectAt + 1 < args.Length ? AnchorResults.Load(args[gobjectAt + 1]) : null;

var rest = args.Where((a, i) => a != "--quick" && a != "--w8-runs" && (at < 0 || i != at + 1)
    && a != "--gobject" && (gobjectAt < 0 || i != gobjectAt + 1)).ToArray();

SelfCheck.Run();
Console.WriteLine("self-check passed");
var w8QomSharp = MassRegistration.RunInChildProcesses("qomsharp", w8Runs);
var w8Naive = MassRegistration.RunInChildProcesses("naive", w8Runs);
var summary = BenchmarkRunner.Run<Workload>(BenchConfig.Create(quick), rest);
string results = Path.Combine(Environment.CurrentDirectory, "BenchmarkDotNet.Artifacts", quick ? "results-quick" : "results");
Console.WriteLine();
Console.WriteLine(Report.Write(summary, w8QomSharp, w8Naive, results, gobject));
Console.WriteLine($"results: {results}");
return 0;
