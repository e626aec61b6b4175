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

    /// <summary>
    /// The table and the JSON files. W8's QomSharp figure is the ReadyToRun build's when there is
    /// one (<paramref name="w8ReadyToRun"/>), with the JIT build's and the NativeAOT build's (when
    /// measured) on rows of their own.
    /// </summary>
    public static string Write(Summary summary, double[]? w8ReadyToRun, double[]? w8NativeAot, double[] w8Jit, double[] w8Naive, string resultsDirectory, AnchorResults? gobject)
    {
        double[] w8QomSharp = w8ReadyToRun ?? w8Jit;
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
        WriteJson(Path.Combine(resultsDirectory, "qomsharp.json"), "qomsharp", "QomSharp", stats, "QomSharp", w8QomSharp, w8ReadyToRun is null ? null : w8Jit, w8NativeAot);
        WriteJson(Path.Combine(resultsDirectory, "naive-csharp.json"), "naive-csharp", "naive reflection baseline (QomSharp's own)", stats, "Naive", w8Naive, null, null);

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
        string w8Build = w8ReadyToRun is null ? "JIT" : "ReadyToRun";
        table.AppendLine(CultureInfo.InvariantCulture, $"| W8 | {Names["W8"]}, {w8Build} | {w8NaiveMedian:F0} | {w8AnchorText} | {w8OursMedian:F0} | {w8OursMedian / w8NaiveMedian:F3}× | {w8AnchorRatio} | ≤ 1,000 µs{(gobject is null ? "" : ", < GObject")} | {(w8OursMedian <= 1000 && w8BelowAnchor ? "yes" : "no")} |");
        if (w8ReadyToRun is not null)
        {
            double jitMedian = Median(w8Jit);
            var (_, jitAnchorRatio) = AgainstAnchor(gobject, "W8", jitMedian, "F0", "F2");
            table.AppendLine(CultureInfo.InvariantCulture, $"| W8 JIT | the same, runtime not precompiled (supplementary) | {w8NaiveMedian:F0} | {w8AnchorText} | {jitMedian:F0} | {jitMedian / w8NaiveMedian:F3}× | {jitAnchorRatio} | – | – |");
        }

        if (w8NativeAot is not null)
        {
            double aotMedian = Median(w8NativeAot);
            var (_, aotAnchorRatio) = AgainstAnchor(gobject, "W8", aotMedian, "F0", "F2");
            table.AppendLine(CultureInfo.InvariantCulture, $"| W8 NativeAOT | the same, published with NativeAOT (supplementary) | {w8NaiveMedian:F0} | {w8AnchorText} | {aotMedian:F0} | {aotMedian / w8NaiveMedian:F3}× | {aotAnchorRatio} | – | – |");
        }
        table.AppendLine();
        table.AppendLine(gobject is null
            ? "GObject: not measured in this run (build the anchor with libglib2.0-dev and pkg-config; benchmarks/run-all.sh does)."
            : $"GObject: {gobject.System}, measured in the same run.");
        table.AppendLine(CultureInfo.InvariantCulture, $"W8 runs (µs), QomSharp ({w8Build}): {Runs(w8QomSharp)}; {(w8ReadyToRun is null ? "" : $"QomSharp (JIT): {Runs(w8Jit)}; ")}{(w8NativeAot is null ? "" : $"QomSharp (NativeAOT): {Runs(w8NativeAot)}; ")}naive: {Runs(w8Naive)}.");
        string text = table.ToString();
        File.WriteAllText(Path.Combine(resultsDirectory, "table.md"), text);
        return text;
    }

    private static string Runs(double[] runs) => string.Join(", ", runs.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)));

    private static (string Value, string Ratio) AgainstAnchor(AnchorResults? anchor, string operation, double ours, string valueFormat, string ratioFormat)
    {
        if (anchor is null || !anchor.TryGetMedian(operation, out double median))
        {
            return ("–", "–");
        }

        return (median.ToString(valueFormat, CultureInfo.InvariantCulture), (ours / median).ToString(ratioFormat, CultureInfo.InvariantCulture) + "×");
    }

    private static void WriteJson(string path, string anchor, string system, Dictionary<(string Op, string Impl), BenchmarkDotNet.Mathematics.Statistics> stats, string impl, double[] w8, double[]? w8Jit, double[]? w8NativeAot)
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

        WriteW8(json, "W8", w8);
        if (w8Jit is not null)
        {
            WriteW8(json, "W8_jit", w8Jit);
        }

        if (w8NativeAot is not null)
        {
            WriteW8(json, "W8_nativeaot", w8NativeAot);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static double Median(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static void WriteW8(Utf8JsonWriter json, string name, double[] runs)
    {
        json.WriteStartObject(name);
        json.WriteNumber("median_us", Median(runs));
        json.WriteNumber("min_us", runs.Min());
        json.WriteNumber("max_us", runs.Max());
        json.WriteStartArray("runs_us");
        foreach (var v in runs)
        {
            json.WriteNumberValue(v);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
