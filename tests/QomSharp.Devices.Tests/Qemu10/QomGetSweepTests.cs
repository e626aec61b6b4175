using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// <c>qom-get</c> of every property (children left out, links included) of every object QEMU 10.0
/// has below <c>/machine</c> and <c>/objects</c> on the bare board, and of every object each
/// user-creatable modelled device (and an iommufd object) adds (capture_qomget_sweep.py), on <c>q35</c> and <c>pc-q35-9.1</c>.
/// Every reply is compared, errors included, and each object's set of properties; the few known
/// differences are listed with their reason.
/// </summary>
public sealed class QomGetSweepTests
{
    /// <summary>
    /// Differences kept on purpose, by path and property, with the reason. Each must still differ:
    /// a fixed one has to leave the list.
    /// </summary>
    private static readonly Dictionary<(string Path, string Property), string> ExpectedDifferences = new()
    {
    };

    public static TheoryData<string> Machines() => ["q35", "pc-q35-9.1"];

    /// <summary>The bare board: every object below /machine and /objects.</summary>
    [Theory]
    [MemberData(nameof(Machines))]
    public void BoardValuesAreQemu10s(string machine)
    {
        var pairs = Qemu10Reference.Transcript($"qmp-qomget-sweep-board-{machine}.txt");
        Assert.True(pairs.Count > 1500, $"only {pairs.Count} commands");
        var differences = Compare(["-machine", machine], pairs);
        Assert.True(differences.Count == 0, $"{differences.Count} of {pairs.Count} differ:\n" + string.Join("\n", differences));
    }

    /// <summary>Each user-creatable device type: every object it adds to the board.</summary>
    [Theory]
    [MemberData(nameof(Machines))]
    public void DeviceValuesAreQemu10s(string machine)
    {
        var cases = Cases($"qmp-qomget-sweep-devices-{machine}.txt");
        Assert.True(cases.Count >= 14, $"only {cases.Count} cases");
        var differences = new List<string>();
        int total = 0;
        foreach (var (args, pairs) in cases)
        {
            total += pairs.Count;
            Assert.True(pairs.Count > 0, string.Join(' ', args));
            differences.AddRange(Compare(["-machine", machine, .. args], pairs).Select(d => $"[{string.Join(' ', args)}] {d}"));
        }

        Assert.True(differences.Count == 0, $"{differences.Count} of {total} differ:\n" + string.Join("\n", differences));
    }

    /// <summary>CPUs hot-plugged into free slots: placed, refused and listed as QEMU 10.0 does.</summary>
    [Fact]
    public void HotpluggedCpusAreQemu10s()
    {
        var pairs = Qemu10Reference.Transcript("qmp-cpu-hotplug.txt");
        var context = ToolRun.Of("-machine", "q35", "-smp", "1,maxcpus=3").Context;
        var replies = QmpTranscript.Run(context, pairs.Select(p => p.Command).ToArray());
        Assert.Equal(9, replies.Count);
        for (int i = 0; i < pairs.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(pairs[i].Reply), replies[i]), $"{pairs[i].Command}\n  QEMU 10.0: {pairs[i].Reply}\n  QomSharp:  {replies[i].ToJsonString()}");
        }
    }

    private static List<string> Compare(string[] args, List<(string Command, string Reply)> pairs)
    {
        var run = ToolRun.Of(args);
        Assert.True(run.ExitCode == 0, run.Error);
        var replies = QmpTranscript.Run(run.Context, pairs.Select(p => p.Command).ToArray());
        Assert.Equal(pairs.Count, replies.Count);
        var differences = new List<string>();
        for (int i = 0; i < pairs.Count; i++)
        {
            var expected = JsonNode.Parse(pairs[i].Reply)!;
            var arguments = JsonNode.Parse(pairs[i].Command)!["arguments"]!;
            var key = (arguments["path"]!.GetValue<string>(), arguments["property"]!.GetValue<string>());
            bool same = JsonNode.DeepEquals(expected, replies[i]);
            if (ExpectedDifferences.ContainsKey(key))
            {
                if (same)
                {
                    differences.Add($"{pairs[i].Command}: listed as an expected difference but now equal to QEMU 10.0's");
                }

                continue;
            }

            if (!same)
            {
                differences.Add($"{pairs[i].Command}\n  QEMU 10.0: {expected.ToJsonString()}\n  QomSharp:  {replies[i].ToJsonString()}");
            }
        }

        // Each object has exactly the properties QEMU's has (children aside; QomSharp's additions, the
        // clock's values and the expected differences left out).
        var paths = pairs.Select(p => JsonNode.Parse(p.Command)!["arguments"]!).GroupBy(a => a["path"]!.GetValue<string>(), a => a["property"]!.GetValue<string>()).ToList();
        var listings = QmpTranscript.Run(run.Context, paths.Select(g => new JsonObject { ["execute"] = "qom-list", ["arguments"] = new JsonObject { ["path"] = g.Key } }.ToJsonString()).ToArray());
        for (int i = 0; i < paths.Count; i++)
        {
            var klass = run.Context.ResolvePath(paths[i].Key)?.Class;
            var ours = listings[i]["return"] is JsonArray rows
                ? rows.Where(r => !r!["type"]!.GetValue<string>().StartsWith("child<", System.StringComparison.Ordinal))
                    .Select(r => r!["name"]!.GetValue<string>())
                    .Where(n => !Volatile.Contains(n) && !QomSharpExtensions.IsAdded(klass, n) && !ExpectedDifferences.ContainsKey((paths[i].Key, n)))
                    .Order(System.StringComparer.Ordinal).ToArray()
                : [];
            var qemus = paths[i].Where(n => !ExpectedDifferences.ContainsKey((paths[i].Key, n))).Order(System.StringComparer.Ordinal).ToArray();
            if (!ours.SequenceEqual(qemus))
            {
                differences.Add($"qom-list {paths[i].Key}: QomSharp has [{string.Join(", ", ours.Except(qemus))}] that QEMU 10.0 has not, lacks [{string.Join(", ", qemus.Except(ours))}]");
            }
        }

        return differences;
    }

    // The properties capture_qomget_sweep.py leaves out: the RTC's clock values.
    private static readonly HashSet<string> Volatile = ["date", "rtc-time"];

    /// <summary>The cases of a devices file: a <c># ARGS</c> line, then its command/reply pairs.</summary>
    private static List<(string[] Args, List<(string Command, string Reply)> Pairs)> Cases(string name)
    {
        var cases = new List<(string[], List<(string, string)>)>();
        string[] lines = System.IO.File.ReadAllLines(Qemu10Reference.PathOf(name));
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("# ", System.StringComparison.Ordinal))
            {
                cases.Add((lines[i][2..].Split(' '), []));
            }
            else
            {
                cases[^1].Item2.Add((lines[i], lines[i + 1]["  -> ".Length..]));
                i++;
            }
        }

        return cases;
    }
}
