using System;
using System.Globalization;
using System.Collections.Generic;
using System.Linq;
using QomSharp.Fuzz.Tests.Targets;

namespace QomSharp.Fuzz.Tests;

/// <summary>
/// <c>dotnet run --project tests/QomSharp.Fuzz.Tests -c Release -- [--count N] [--seed S] [--target NAME]...</c>:
/// N inputs (default 1,000,000) per target, then one table row per target and every distinct crash.
/// Exits 1 if anything crashed or hung. <c>--target NAME --input JSON</c> feeds one input (a JSON
/// string, as the crash report quotes it) to one target and prints what it throws, stack included.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        long count = 1_000_000;
        string seed = "0000000000000";
        string? single = null;
        var only = new System.Collections.Generic.List<string>();
        for (int i = 0; i < args.Length; i += 2)
        {
            if (args[i] is "--help" or "-h")
            {
                Console.WriteLine(UsageText);
                return 0;
            }

            if (i + 1 == args.Length)
            {
                return Usage($"{args[i]} needs a value\n{UsageText}");
            }

            switch (args[i])
            {
                case "--count": count = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seed": seed = args[i + 1]; break;
                case "--target": only.Add(args[i + 1]); break;
                case "--input": single = args[i + 1]; break;
                default:
                    return Usage($"unknown option {args[i]}\n{UsageText}");
            }
        }

        var targets = AllTargets.Create().Where(t => only.Count == 0 || only.Contains(t.Name)).ToArray();
        if (single is not null)
        {
            return targets.Length == 1 ? Replay(targets[0], single) : Usage("--input needs exactly one --target");
        }

        Console.WriteLine($"{"target",-16} {"inputs",10} {"accepted",10} {"clean errors",12} {"crashes",8} {"hangs",6} {"seconds",8} {"s per 10^6",10}");
        bool clean = true;
        foreach (var target in targets)
        {
            var report = Fuzzer.Run(target, count, seed);
            double seconds = report.Elapsed.TotalSeconds;
            Console.WriteLine($"{report.Target,-16} {report.Inputs,10} {report.Accepted,10} {report.CleanErrors,12} {report.Crashes,8} {report.Hangs,6} {seconds,8:F1} {seconds * 1e6 / Math.Max(1, report.Inputs),10:F1}");
            foreach (var (signature, input) in report.CrashInputs)
            {
                Console.WriteLine($"  crash {signature}: {report.CrashMessages.GetValueOrDefault(signature)}\n    smallest input: {Quote(input)}");
            }

            if (report.HangInput is { } hang)
            {
                Console.WriteLine($"  hang on: {Quote(hang)}");
            }

            clean &= report.Crashes == 0 && report.Hangs == 0;
        }

        return clean ? 0 : 1;
    }

    private static int Replay(FuzzTarget target, string quoted)
    {
        string? input;
        try
        {
            input = System.Text.Json.JsonSerializer.Deserialize(quoted, FuzzJson.Default.String);
        }
        catch (System.Text.Json.JsonException)
        {
            input = null;
        }

        if (input is null)
        {
            return Usage("--input takes a JSON string, quoted as the crash report prints it (\"a\\nb\")");
        }

        try
        {
            Console.WriteLine(target.Start()(input) ? "accepted" : "refused cleanly");
            return 0;
        }
        catch (Exception e)
        {
            Console.WriteLine($"crash: {e}");
            return 1;
        }
    }

    private const string UsageText =
        "usage: QomSharp.Fuzz.Tests [--count N] [--seed S] [--target NAME]... | --target NAME --input JSON";

    private static int Usage(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }

    private static string Quote(string input) =>
        System.Text.Json.JsonSerializer.Serialize(input.Length > 400 ? input[..400] + "…" : input, FuzzJson.Default.String);
}
