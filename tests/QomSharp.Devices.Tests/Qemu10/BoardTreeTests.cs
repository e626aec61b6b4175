using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// <c>info qom-tree</c> and <c>info qtree</c> of q35 against QEMU 10.0 (hmp-board-trees.json): the
/// board devices at their <c>/machine/unattached</c> indices, their children, buses, regions and
/// IRQs, under the machine options that drop them (<c>pic</c>, <c>pit</c>, <c>hpet</c>,
/// <c>i8042</c>, <c>vmport</c>, <c>sata</c>, <c>smbus</c>), older machine versions and user-added
/// ISA devices, with the CPU and its APIC.
/// </summary>
public class BoardTreeTests
{
    public static TheoryData<int> Rows()
    {
        var data = new TheoryData<int>();
        var rows = JsonNode.Parse(Qemu10Reference.Read("hmp-board-trees.json"))!.AsArray();
        for (int i = 0; i < rows.Count; i++)
        {
            // -smp is refused here (one CPU is modelled); its rows wait for it.
            if (!rows[i]!["args"]!.AsArray().Any(a => a!.GetValue<string>() == "-smp"))
            {
                data.Add(i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void TreesAreQemu10s(int index)
    {
        var row = JsonNode.Parse(Qemu10Reference.Read("hmp-board-trees.json"))!.AsArray()[index]!;
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
