using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// How QEMU 10.0's memory regions, IRQs and the objects not modelled yet are compared: QEMU lists
/// an object's children in hash-table order, so region and line rows are compared as a set (the other
/// rows keep their order); objects QomSharp does not model are left out of QEMU's side.
/// </summary>
internal static class Qemu10Regions
{
    /// <summary>QOM types of QEMU's q35 board not modelled here; their objects and subtrees are left out of QEMU's trees.</summary>
    public static readonly HashSet<string> UnmodelledTypes =
    [
    ];

    /// <summary>Child and link row types compared as a set.</summary>
    private static readonly HashSet<string> UnorderedRowTypes = ["child<memory-region>", "child<irq>", "link<irq>", "link<memory-region>"];

    /// <summary>Whether a listing row of this type is a child QomSharp does not model.</summary>
    public static bool IsUnmodelledRow(string type) =>
        type.StartsWith("child<", System.StringComparison.Ordinal) && UnmodelledTypes.Contains(type[6..^1]);

    /// <summary>
    /// A property listing with its region and line rows moved to the end, sorted by name; other rows
    /// keep their order. Replies that are not listings are left as they are.
    /// </summary>
    public static void Normalize(JsonNode reply)
    {
        if (reply["return"] is not JsonArray rows || !rows.All(r => r is JsonObject o && o.ContainsKey("name") && o.ContainsKey("type")))
        {
            return;
        }

        var unordered = rows.Where(r => IsUnordered(r!["type"]!.GetValue<string>()))
            .OrderBy(r => r!["name"]!.GetValue<string>(), System.StringComparer.Ordinal).ToList();
        foreach (var row in unordered)
        {
            rows.Remove(row);
        }

        foreach (var row in unordered)
        {
            rows.Add(row);
        }
    }

    // Regions of any region type (intel-iommu-iommu-memory-region, ...) and lines.
    private static bool IsUnordered(string type) =>
        UnorderedRowTypes.Contains(type) || (type.StartsWith("child<", System.StringComparison.Ordinal) && type.EndsWith("memory-region>", System.StringComparison.Ordinal));

    /// <summary>Removes the rows QomSharp does not model from QEMU's listing.</summary>
    public static void DropUnmodelledRows(JsonNode reply)
    {
        if (reply["return"] is not JsonArray rows || !rows.All(r => r is JsonObject o && o.ContainsKey("name") && o.ContainsKey("type")))
        {
            return;
        }

        foreach (var row in rows.Where(r => IsUnmodelledRow(r!["type"]!.GetValue<string>())).ToList())
        {
            rows.Remove(row);
        }
    }

    /// <summary>
    /// QEMU's <c>info qom-tree</c> text without the unmodelled objects (with their subtrees); also
    /// the paths of what was left out.
    /// </summary>
    public static string FilterTree(string tree, ICollection<string>? droppedPaths = null)
    {
        var kept = new List<string>();
        var stack = new List<string>();
        int skipBelow = int.MaxValue;
        foreach (string line in tree.Replace("\r\n", "\n", System.StringComparison.Ordinal).Split('\n', System.StringSplitOptions.RemoveEmptyEntries))
        {
            string body = line.TrimStart(' ');
            int depth = (line.Length - body.Length) / 2;
            int open = body.LastIndexOf(" (", System.StringComparison.Ordinal);
            string name = body[1..open];
            string type = body[(open + 2)..^1];
            if (stack.Count > depth)
            {
                stack.RemoveRange(depth, stack.Count - depth);
            }

            stack.Add(name);
            if (depth > skipBelow)
            {
                droppedPaths?.Add("/" + string.Join('/', stack));
                continue;
            }

            skipBelow = int.MaxValue;
            if (UnmodelledTypes.Contains(type))
            {
                droppedPaths?.Add("/" + string.Join('/', stack));
                skipBelow = depth;
                continue;
            }

            kept.Add(line);
        }

        return string.Join('\n', kept) + "\n";
    }
}
