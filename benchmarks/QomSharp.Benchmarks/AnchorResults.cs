using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace QomSharp.Benchmarks;

/// <summary>
/// Medians of another system's run of the same workload, read from its JSON (the anchors' format:
/// <c>results.Wn.median_ns</c>, and <c>results.W8.median_us</c>), so the table can show QomSharp
/// against it. The GObject anchor writes this format.
/// </summary>
public sealed class AnchorResults
{
    private readonly Dictionary<string, double> medians;

    private AnchorResults(string system, Dictionary<string, double> medians)
    {
        System = system;
        this.medians = medians;
    }

    /// <summary>What ran, as the anchor describes itself (e.g. <c>GLib/GObject 2.74.6, gcc 12.2.0 -O2</c>).</summary>
    public string System { get; }

    /// <summary>The median of <paramref name="operation"/> (ns; µs for W8), if the run has it.</summary>
    public bool TryGetMedian(string operation, out double median) => medians.TryGetValue(operation, out median);

    /// <summary>Reads an anchor's JSON file.</summary>
    /// <exception cref="InvalidDataException">The file is not an anchor result.</exception>
    public static AnchorResults Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        if (!root.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{path}: no \"results\" object");
        }

        var medians = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var operation in results.EnumerateObject())
        {
            if (operation.Value.TryGetProperty("median_ns", out var ns) && ns.TryGetDouble(out double nsValue))
            {
                medians[operation.Name] = nsValue;
            }
            else if (operation.Value.TryGetProperty("median_us", out var us) && us.TryGetDouble(out double usValue))
            {
                medians[operation.Name] = usValue;
            }
        }

        string system = root.TryGetProperty("system", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : path;
        return new AnchorResults(system, medians);
    }
}
