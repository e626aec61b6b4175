using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Reports;

namespace QomSharp.Benchmarks;

/// <summary>
/// Turns one run into the ratio table (QomSharp / naive per operation, both measured in this run)
/// and into WORKLOAD.md §4 JSON files (results/qomsharp.json, results/naive-csharp.json).
/// </summary>
public static class Report
{
    private static readonly Dictionary<string, (double Target, string Text)> Targets = new()
    {
        ["W1"] = (0.5, "≤ 0.5×"), ["W2"] = (0.5, "≤ 0.5×"), ["W3"] = (0.5, "≤ 0.5×"), ["W4"] = (0.5, "≤ 0.5×"),
        ["W5"] = (0.5, "≤ 0.5×"), ["W6"] = (0.3, "≤ 0.3×"), ["W7"] = (0.3, "≤ 0.3×"), ["W9"] = (0.3, "≤ 0.3×"),
    };

    private static readonly Dictionary<string, string> Names = new()
    {
        ["W1"] = "create by name + destroy", ["W2"] = "class lookup by name", ["W3"] = "cast hit (ancestor)",
        ["W4"] = "cast miss", ["W5"] = "cast to interface", ["W6"] = "set uint8 from \"48\"", ["W7"] = "get int",
        ["W8"] = "register 2,000 + look up each (µs)", ["W9"] = "`-device` string → object",
    };

    public static string Write(Summary summary, double[] w8QomSharp, double[] w8Naive, string resultsDirectory)
    {
        var stats = new Dictionary<(string Op, string Impl), BenchmarkDotNet.Mathematics.Statistics>();
        foreach (var report in summary.Reports)
        {
            if (report.ResultStatistics is null)
            {
                continue;
            }

            string method = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            int underscore = method.IndexOf('_', StringComparison.Ordinal);
            stats[(method[..underscore], method[(underscore + 1)..])] = report.ResultStatistics;
        }

        Directory.CreateDirectory(resultsDirectory);
        WriteJson(Path.Combine(resultsDirectory, "qomsharp.json"), "qomsharp", "QomSharp", stats, "QomSharp", w8QomSharp);
        WriteJson(Path.Combine(resultsDirectory, "naive-csharp.json"), "naive-csharp", "naive reflection baseline (QomSharp's own)", stats, "Naive", w8Naive);

        var table = new StringBuilder();
        table.AppendLine("| op | what | naive (ns) | QomSharp (ns) | ratio | target | met |");
        table.AppendLine("|---|---|---:|---:|---:|---|---|");
        foreach (var op in new[] { "W1", "W2", "W3", "W4", "W5", "W6", "W7", "W9" })
        {
            if (!stats.TryGetValue((op, "Naive"), out var naive) || !stats.TryGetValue((op, "QomSharp"), out var ours))
            {
                continue;
            }

            double ratio = ours.Median / naive.Median;
            var (target, targetText) = Targets[op];
            table.AppendLine(CultureInfo.InvariantCulture, $"| {op} | {Names[op]} | {naive.Median:F1} | {ours.Median:F1} | {ratio:F2}× | {targetText} | {(ratio <= target ? "yes" : "no")} |");
        }

        double w8OursMedian = Median(w8QomSharp);
        double w8NaiveMedian = Median(w8Naive);
        table.AppendLine(CultureInfo.InvariantCulture, $"| W8 | {Names["W8"]} | {w8NaiveMedian:F0} | {w8OursMedian:F0} | {w8OursMedian / w8NaiveMedian:F3}× | ≤ 1,000 µs | {(w8OursMedian <= 1000 ? "yes" : "no")} |");
        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"W8 runs (µs), QomSharp: {string.Join(", ", w8QomSharp.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))}; naive: {string.Join(", ", w8Naive.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))}.");
        string text = table.ToString();
        File.WriteAllText(Path.Combine(resultsDirectory, "table.md"), text);
        return text;
    }

    private static void WriteJson(string path, string anchor, string system, Dictionary<(string Op, string Impl), BenchmarkDotNet.Mathematics.Statistics> stats, string impl, double[] w8)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("anchor", anchor);
        json.WriteString("workload", "qom-anchor-v1");
        json.WriteString("system", $"{system}, .NET {Environment.Version}");
        json.WriteString("machine", $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        json.WriteStartObject("results");
        foreach (var ((op, owner), s) in stats.OrderBy(p => p.Key.Op, StringComparer.Ordinal))
        {
            if (owner != impl)
            {
                continue;
            }

            json.WriteStartObject(op);
            json.WriteNumber("median_ns", s.Median);
            json.WriteNumber("min_ns", s.Min);
            json.WriteNumber("max_ns", s.Max);
            json.WriteNumber("q1_ns", s.Q1);
            json.WriteNumber("q3_ns", s.Q3);
            json.WriteNumber("reps", s.N);
            json.WriteEndObject();
        }

        json.WriteStartObject("W8");
        json.WriteNumber("median_us", Median(w8));
        json.WriteNumber("min_us", w8.Min());
        json.WriteNumber("max_us", w8.Max());
        json.WriteStartArray("runs_us");
        foreach (var v in w8)
        {
            json.WriteNumberValue(v);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static double Median(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
