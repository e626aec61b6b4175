using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// <c>info qom-tree</c> and <c>info qtree</c> of q35 against QEMU 10.0 (hmp-board-trees.json): the
/// board devices at their <c>/machine/unattached</c> indices, their children, buses, regions and
/// IRQs, under the machine options that drop them (<c>pic</c>, <c>pit</c>, <c>hpet</c>,
/// <c>i8042</c>, <c>vmport</c>, <c>sata</c>, <c>smbus</c>), older machine versions and user-added
/// ISA devices, with the CPUs and their APICs under <c>-smp</c> (hmp-smp-trees.json adds topologies
/// with free CPU slots and three cores).
/// </summary>
public class BoardTreeTests
{
    public static TheoryData<string, int> Rows()
    {
        var data = new TheoryData<string, int>();
        foreach (string file in new[] { "hmp-board-trees.json", "hmp-smp-trees.json" })
        {
            int count = JsonNode.Parse(Qemu10Reference.Read(file))!.AsArray().Count;
            for (int i = 0; i < count; i++)
            {
                data.Add(file, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void TreesAreQemu10s(string file, int index)
    {
        var row = JsonNode.Parse(Qemu10Reference.Read(file))!.AsArray()[index]!;
        string[] args = row["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();
        var run = ToolRun.Of(args);
        Assert.True(run.ExitCode == 0, run.Error);
        var replies = QmpTranscript.Run(run.Context,
            """{"execute": "human-monitor-command", "arguments": {"command-line": "info qom-tree"}}""",
            """{"execute": "human-monitor-command", "arguments": {"command-line": "info qtree"}}""");
        Assert.Equal(Qemu10Regions.FilterTree(row["qom-tree"]!.GetValue<string>()), Lf(replies[0]["return"]!.GetValue<string>()));
        Assert.Equal(Lf(row["qtree"]!.GetValue<string>()), Lf(replies[1]["return"]!.GetValue<string>()));
    }

    private static string Lf(string text) => text.Replace("\r\n", "\n", System.StringComparison.Ordinal);
}
