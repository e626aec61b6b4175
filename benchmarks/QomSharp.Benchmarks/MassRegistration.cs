using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace QomSharp.Benchmarks;

/// <summary>
/// W8: in a process that has done only the workload's setup, register 2,000 types and look each
/// up once. Loading the assembly that holds the types is not timed. For QomSharp, registering is
/// adding that assembly's generated module (what its module initializer would do; the assembly
/// opts out with [assembly: QomExplicitRegistration] so that the program adds it inside the timed
/// window), which registers the 2,000 types in every live context; each look-up then builds the
/// type's class. QomSharp's runs are made by its own small program (QomSharp.Benchmarks.W8), as
/// built and published with ReadyToRun and NativeAOT. For the naive baseline it is the reflection
/// scan of the assembly, in a child of this program.
/// </summary>
public static class MassRegistration
{
    public const int Count = 2000;

    /// <summary>Set in W8 child processes, which must never start a benchmark run of their own.</summary>
    public const string ChildMarker = "QOMSHARP_BENCH_W8_CHILD";

    /// <summary>One run of the naive baseline in this (fresh) process; returns µs for register + look-ups.</summary>
    public static double RunOnce(string implementation)
    {
        if (implementation != "naive")
        {
            throw new ArgumentException($"W8 runs '{implementation}' in its own program (QomSharp.Benchmarks.W8)", nameof(implementation));
        }

        string[] names = Names();
        var registry = Universes.CreateNaive();
        var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, "QomSharp.Benchmarks.NaiveDynTypes.dll"));
        long start = Stopwatch.GetTimestamp();
        registry.Register(assembly);
        foreach (var name in names)
        {
            if (registry.Lookup(name) is null)
            {
                throw new InvalidOperationException($"{name} was not registered");
            }
        }

        return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }

    /// <summary>
    /// Runs QomSharp's W8 child (QomSharp.Benchmarks.W8) <paramref name="runs"/> times, each in a
    /// fresh process: <paramref name="program"/> is its .dll (run under the dotnet host) or its
    /// published executable.
    /// </summary>
    public static double[] RunQomSharpChildren(string program, int runs)
    {
        var results = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            var info = program.EndsWith(".dll", StringComparison.Ordinal)
                ? new ProcessStartInfo("dotnet") { ArgumentList = { program } }
                : new ProcessStartInfo(program);
            info.RedirectStandardOutput = true;
            info.UseShellExecute = false;
            results[r] = Run(info, "qomsharp");
        }

        return results;
    }

    private static double Run(ProcessStartInfo info, string implementation)
    {
        using var child = Process.Start(info) ?? throw new InvalidOperationException("cannot start a W8 child process");
        string output = child.StandardOutput.ReadToEnd().Trim();
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"W8 child ({implementation}) exited with {child.ExitCode}");
        }

        return double.Parse(output, CultureInfo.InvariantCulture);
    }

    /// <summary>Runs <see cref="RunOnce"/> in fresh child processes of this program.</summary>
    public static double[] RunInChildProcesses(string implementation, int runs)
    {
        var results = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            var info = new ProcessStartInfo(Environment.ProcessPath!)
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };

            // Under the dotnet host the program is its argument; an apphost is the program itself.
            string host = Path.GetFileName(Environment.ProcessPath!);
            if (host is "dotnet" or "dotnet.exe")
            {
                info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
            }

            info.Environment[ChildMarker] = "1";
            info.ArgumentList.Add("--w8-once");
            info.ArgumentList.Add(implementation);
            results[r] = Run(info, implementation);
        }

        return results;
    }

    private static string[] Names()
    {
        var names = new string[Count];
        for (int i = 0; i < Count; i++)
        {
            names[i] = "dyn-" + i.ToString("D4", CultureInfo.InvariantCulture);
        }

        return names;
    }
}
