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

    public static string Write(Summary summary, double[] w8QomSharp, double[] w8Naive, string resultsDirectory, AnchorResults? gobject)
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
        table.AppendLine("| op | what | naive (ns) | GObject (ns) | QomSharp (ns) | vs naive | vs GObject | target | met |");
        table.AppendLine("|---|---|---:|---:|---:|---:|---:|---|---|");
        foreach (var op in new[] { "W1", "W2", "W3", "W4", "W5", "W6", "W7", "W9" })
        {
            if (!stats.TryGetValue((op, "Naive"), out var naive) || !stats.TryGetValue((op, "QomSharp"), out var ours))
            {
                continue;
            }

            double ratio = ours.Median / naive.Median;
            var (target, targetText) = Targets[op];
            var (anchorText, anchorRatio) = AgainstAnchor(gobject, op, ours.Median, "F1", "F2");
            table.AppendLine(CultureInfo.InvariantCulture, $"| {op} | {Names[op]} | {naive.Median:F1} | {anchorText} | {ours.Median:F1} | {ratio:F2}× | {anchorRatio} | {targetText} | {(ratio <= target ? "yes" : "no")} |");
        }

        if (stats.TryGetValue(("W1", "Naive"), out var w1Naive)
            && stats.TryGetValue(("W1", "NaiveAllocationFloor"), out var naiveFloor)
            && stats.TryGetValue(("W1", "QomSharpAllocationFloor"), out var ourFloor))
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| W1 floor | allocation alone (supplementary) | {naiveFloor.Median:F1} | – | {ourFloor.Median:F1} | {ourFloor.Median / w1Naive.Median:F2}× | – | – | – |");
        }

        double w8OursMedian = Median(w8QomSharp);
        double w8NaiveMedian = Median(w8Naive);
        var (w8AnchorText, w8AnchorRatio) = AgainstAnchor(gobject, "W8", w8OursMedian, "F0", "F2");
        bool w8BelowAnchor = gobject is null || (gobject.TryGetMedian("W8", out double w8Anchor) && w8OursMedian < w8Anchor);
        table.AppendLine(CultureInfo.InvariantCulture, $"| W8 | {Names["W8"]} | {w8NaiveMedian:F0} | {w8AnchorText} | {w8OursMedian:F0} | {w8OursMedian / w8NaiveMedian:F3}× | {w8AnchorRatio} | ≤ 1,000 µs{(gobject is null ? "" : ", < GObject")} | {(w8OursMedian <= 1000 && w8BelowAnchor ? "yes" : "no")} |");
        table.AppendLine();
        table.AppendLine(gobject is null
            ? "GObject: not measured in this run (build the anchor with libglib2.0-dev and pkg-config; benchmarks/run-all.sh does)."
            : $"GObject: {gobject.System}, measured in the same run.");
        table.AppendLine(CultureInfo.InvariantCulture, $"W8 runs (µs), QomSharp: {string.Join(", ", w8QomSharp.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))}; naive: {string.Join(", ", w8Naive.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))}.");
        string text = table.ToString();
        File.WriteAllText(Path.Combine(resultsDirectory, "table.md"), text);
        return text;
    }

    private static (string Value, string Ratio) AgainstAnchor(AnchorResults? anchor, string operation, double ours, string valueFormat, string ratioFormat)
    {
        if (anchor is null || !anchor.TryGetMedian(operation, out double median))
        {
            return ("–", "–");
        }

        return (median.ToString(valueFormat, CultureInfo.InvariantCulture), (ours / median).ToString(ratioFormat, CultureInfo.InvariantCulture) + "×");
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
