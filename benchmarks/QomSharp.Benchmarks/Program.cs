using System;
using System.Globalization;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Running;
using QomSharp.Benchmarks;

// dotnet run -c Release --project benchmarks/QomSharp.Benchmarks [-- --quick] [--w8-runs N] [--gobject FILE.json]
//     [--w8-r2r PROGRAM] [--w8-aot PROGRAM] [BenchmarkDotNet args]
// --w8-r2r: QomSharp.Benchmarks.W8 published with ReadyToRun (benchmarks/run-all.sh publishes it);
// without it the W8 row is the JIT build's alone. --w8-aot: the same published with NativeAOT (a
// supplementary row).
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
int r2rAt = Array.IndexOf(args, "--w8-r2r");
string? w8ReadyToRun = r2rAt >= 0 && r2rAt + 1 < args.Length ? Path.GetFullPath(args[r2rAt + 1]) : null;
int aotAt = Array.IndexOf(args, "--w8-aot");
string? w8NativeAot = aotAt >= 0 && aotAt + 1 < args.Length ? Path.GetFullPath(args[aotAt + 1]) : null;

// The W8 child as built, next to this program's own build.
string w8Jit = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "QomSharp.Benchmarks.W8", "bin", "Release", "net10.0", "QomSharp.Benchmarks.W8.dll"));
if (!File.Exists(w8Jit))
{
    Console.Error.WriteLine($"W8: {w8Jit} is not built (dotnet build -c Release benchmarks/QomSharp.Benchmarks.W8)");
    return 2;
}

var rest = args.Where((a, i) => a != "--quick" && a != "--w8-runs" && (at < 0 || i != at + 1)
    && a != "--gobject" && (gobjectAt < 0 || i != gobjectAt + 1)
    && a != "--w8-r2r" && (r2rAt < 0 || i != r2rAt + 1)
    && a != "--w8-aot" && (aotAt < 0 || i != aotAt + 1)).ToArray();

SelfCheck.Run();
Console.WriteLine("self-check passed");
// Interleaved by run, so that a change in the machine's load touches both builds alike.
var w8QomSharpJit = new double[w8Runs];
var w8QomSharpReadyToRun = w8ReadyToRun is null ? null : new double[w8Runs];
var w8QomSharpNativeAot = w8NativeAot is null ? null : new double[w8Runs];
for (int r = 0; r < w8Runs; r++)
{
    w8QomSharpJit[r] = MassRegistration.RunQomSharpChildren(w8Jit, 1)[0];
    if (w8QomSharpReadyToRun is not null)
    {
        w8QomSharpReadyToRun[r] = MassRegistration.RunQomSharpChildren(w8ReadyToRun!, 1)[0];
    }

    if (w8QomSharpNativeAot is not null)
    {
        w8QomSharpNativeAot[r] = MassRegistration.RunQomSharpChildren(w8NativeAot!, 1)[0];
    }
}

var w8Naive = MassRegistration.RunInChildProcesses("naive", w8Runs);
var summary = BenchmarkRunner.Run<Workload>(BenchConfig.Create(quick), rest);
string results = Path.Combine(Environment.CurrentDirectory, "BenchmarkDotNet.Artifacts", quick ? "results-quick" : "results");
Console.WriteLine();
Console.WriteLine(Report.Write(summary, w8QomSharpReadyToRun, w8QomSharpNativeAot, w8QomSharpJit, w8Naive, results, gobject));
Console.WriteLine($"results: {results}");
return 0;
