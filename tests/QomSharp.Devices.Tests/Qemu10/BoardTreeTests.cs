using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// <c>info qom-tree</c> and <c>info qtree</c> of q35 against QEMU 10.0 (hmp-board-trees.json): the
/// board devices at their <c>/machine/unattached</c> indices, their children and buses, under the
/// machine options that drop them (<c>pic</c>, <c>pit</c>, <c>hpet</c>, <c>i8042</c>,
/// <c>vmport</c>, <c>sata</c>, <c>smbus</c>), older machine versions and user-added ISA devices.
/// What is not modelled is taken out of QEMU's text: memory regions, IRQs and GPIO lines, MMIO
/// lines, fw_cfg and the I/O APIC, and the CPU with its APIC (their indices are kept).
/// </summary>
public partial class BoardTreeTests
{
    public static TheoryData<int> Rows()
    {
        var data = new TheoryData<int>();
        var rows = JsonNode.Parse(Qemu10Reference.Read("hmp-board-trees.json"))!.AsArray();
        for (int i = 0; i < rows.Count; i++)
        {
            data.Add(i);
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
        Assert.Equal(QomTree(row["qom-tree"]!.GetValue<string>()), replies[0]["return"]!.GetValue<string>());
        Assert.Equal(QTree(row["qtree"]!.GetValue<string>()), replies[1]["return"]!.GetValue<string>());
    }

    [GeneratedRegex(@"\((memory-region|irq|fw_cfg_io|ioapic|qemu64-x86_64-cpu|apic)\)\r?$")]
    private static partial Regex UnmodelledNode();

    [GeneratedRegex(@"^\s*(gpio-in|gpio-out|mmio) ")]
    private static partial Regex UnmodelledLine();

    [GeneratedRegex(@"^\s*dev: (fw_cfg_io|ioapic),")]
    private static partial Regex UnmodelledDevice();

    private static string QomTree(string text) => string.Join('\n', text.Split('\n').Where(l => !UnmodelledNode().IsMatch(l)));

    // QEMU's qtree less the unmodelled lines, and less the blocks of the unmodelled devices.
    private static string QTree(string text)
    {
        var kept = new StringBuilder();
        int skipBelow = -1;
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            int indent = line.Length - line.TrimStart().Length;
            if (skipBelow >= 0 && indent > skipBelow)
            {
                continue;
            }

            skipBelow = -1;
            if (UnmodelledDevice().IsMatch(line))
            {
                skipBelow = indent;
                continue;
            }

            if (!UnmodelledLine().IsMatch(line))
            {
                kept.Append(line).Append(i < lines.Length - 1 ? "\n" : string.Empty);
            }
        }

        return kept.ToString();
    }
}
