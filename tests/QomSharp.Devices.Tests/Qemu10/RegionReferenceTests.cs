using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// Memory regions and IRQs against QEMU 10.0 (capture_regions.py, regions.json): <c>info
/// qom-tree</c> of the board and of each modelled device, the <c>container</c>, <c>addr</c>,
/// <c>size</c> and <c>priority</c> of every region, the <c>memory-region</c>, <c>irq</c>,
/// <c>ioapic</c> and <c>fw_cfg_io</c> types and objects, and their <c>info qtree</c> lines. What QEMU
/// shows of the board devices not modelled here is left out of its side (<see cref="Qemu10Regions"/>).
/// </summary>
public class RegionReferenceTests
{
    private static readonly JsonNode Reference = JsonNode.Parse(Qemu10Reference.Read("regions.json"))!;

    private static JsonArray Cases => Reference["cases"]!.AsArray();

    public static TheoryData<int> CaseIndices()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Cases.Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    private static string[] ArgsOf(int index) => Cases[index]!["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();

    private static QomContext Run(int index)
    {
        var run = ToolRun.Of(["-S", .. ArgsOf(index)]);
        Assert.Equal(0, run.ExitCode);
        return run.Context;
    }

    private static string InfoQomTree(QomContext context) =>
        QmpTranscript.Run(context, """{"execute": "human-monitor-command", "arguments": {"command-line": "info qom-tree"}}""")[0]["return"]!
            .GetValue<string>().Replace("\r\n", "\n", System.StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void QomTreeIsQemus(int index)
    {
        string expected = Qemu10Regions.FilterTree(Cases[index]!["qom-tree"]!.GetValue<string>());
        Assert.Equal(WithoutExpanderHostIndex(expected), WithoutExpanderHostIndex(InfoQomTree(Run(index))));
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void EveryRegionSaysWhereItIsAsQemus(int index)
    {
        var dropped = new HashSet<string>();
        Qemu10Regions.FilterTree(Cases[index]!["qom-tree"]!.GetValue<string>(), dropped);
        var context = Run(index);
        int compared = 0;
        foreach (var (path, values) in Cases[index]!["regions"]!.AsObject())
        {
            if (dropped.Contains(path))
            {
                continue;
            }

            var region = context.ResolvePath(path);
            Assert.True(region is not null, $"{ArgsOf(index).Last()}: {path} is missing");
            string[] names = ["container", "addr", "size", "priority"];
            for (int i = 0; i < names.Length; i++)
            {
                var ours = region!.GetPropertyValue(names[i]);
                Assert.True(JsonNode.DeepEquals(values![i], ours), $"{path}.{names[i]}: QEMU 10.0 {values![i]!.ToJsonString()}, QomSharp {ours?.ToJsonString()}");
            }

            compared++;
        }

        Assert.True(compared >= 70, $"only {compared} regions compared");
    }

    [Fact]
    public void TypesAndObjectsAreQemus()
    {
        var transcript = Reference["transcript"]!.AsArray();
        var context = Run(0);
        var commands = transcript.Select(t => t!["command"]!.ToJsonString()).ToArray();
        var replies = QmpTranscript.Run(context, commands);
        Assert.Equal(commands.Length, replies.Count);
        for (int i = 0; i < commands.Length; i++)
        {
            var expected = transcript[i]!["reply"]!.DeepClone();
            if (commands[i].Contains("info qtree", System.StringComparison.Ordinal))
            {
                foreach (string device in new[] { "dev: ioapic, id \"\"", "dev: fw_cfg_io, id \"\"" })
                {
                    Assert.Equal(DeviceBlock(expected["return"]!.GetValue<string>(), device), DeviceBlock(replies[i]["return"]!.GetValue<string>(), device));
                }

                continue;
            }

            Qemu10Regions.Normalize(expected);
            Qemu10Regions.Normalize(replies[i]);
            Assert.True(JsonNode.DeepEquals(expected, replies[i]), $"{commands[i]}\n  QEMU 10.0: {expected.ToJsonString()}\n  QomSharp:  {replies[i].ToJsonString()}");
        }
    }

    [Fact]
    public void TheMachineLinksToTheSmramAddressSpaceAndOwnsFwCfg()
    {
        var context = Run(0);
        var rows = QmpTranscript.Run(context, """{"execute": "qom-list", "arguments": {"path": "/machine"}}""")[0]["return"]!.AsArray();
        Assert.Contains(rows, r => r!["name"]!.GetValue<string>() == "smram" && r["type"]!.GetValue<string>() == "link<memory-region>");
        Assert.Contains(rows, r => r!["name"]!.GetValue<string>() == "fw_cfg" && r["type"]!.GetValue<string>() == "child<fw_cfg_io>");
        Assert.Equal("/machine/q35/mch/smram[0]", context.ResolvePath("/machine")!.GetPropertyString("smram"));
    }

    /// <summary>
    /// A device_add refused before the function's regions exist (ROM size) or after (failover) leaves
    /// the tree as it was; a hot-plugged function gets its bus master alias at once, since the
    /// machine is ready, and keeps it on the system memory.
    /// </summary>
    [Fact]
    public void RefusedDeviceAddLeavesTheTreeAndHotPlugGetsItsRegions()
    {
        var context = ToolRun.Of("-S", "-machine", "q35", "-device", "pcie-root-port,id=rp0,chassis=1", "-device", "pcie-root-port,id=rp1,chassis=2").Context;
        string before = InfoQomTree(context);
        var replies = QmpTranscript.Run(context,
            """{"execute": "device_add", "arguments": {"driver": "pci-testdev", "id": "r1", "bus": "rp0", "romsize": 3}}""",
            """{"execute": "device_add", "arguments": {"driver": "pci-bridge", "id": "r2", "bus": "rp1", "chassis_nr": 3, "failover_pair_id": "x"}}""");
        Assert.Equal("ROM size 3 is not a power of two", QmpTranscript.Error(replies[0]));
        Assert.Equal("failover primary device is not an Ethernet device", QmpTranscript.Error(replies[1]));
        Assert.Equal(before, InfoQomTree(context));

        Assert.Null(QmpTranscript.Error(QmpTranscript.Run(context, """{"execute": "device_add", "arguments": {"driver": "pci-testdev", "id": "t9", "bus": "rp0"}}""")[0]));
        Assert.Equal("/machine/peripheral/t9/bus master container[0]", context.ResolvePath("/machine/peripheral/t9/bus master[0]")!.GetPropertyString("container"));
        Assert.Equal(ulong.MaxValue, context.ResolvePath("/machine/peripheral/t9/bus master[0]")!.GetPropertyUInt("size"));
    }

    /// <summary>An unrealized device lists only what QEMU's instance init makes: ich9-ahci its two regions, a PCI function none.</summary>
    [Fact]
    public void UnrealizedDevicesListTheirInitRegionsOnly()
    {
        var context = Run(0);
        var ahci = context.New("ich9-ahci");
        var testdev = context.New("pci-testdev");
        Assert.Equal(["ahci-idp[0]", "ahci[0]"], ahci.Children.Select(c => c.Name).Order(System.StringComparer.Ordinal));
        Assert.Empty(testdev.Children);
        ahci.Unref();
        testdev.Unref();
    }

    // The expander's host bridge takes the next /machine/unattached/device[N] after the board's
    // devices; the index follows the board devices modelled, which this comparison is not about.
    private static string WithoutExpanderHostIndex(string tree) =>
        System.Text.RegularExpressions.Regex.Replace(tree, @"/device\[\d+\] \(pxb-host\)", "/device[N] (pxb-host)");

    // A device's lines in info qtree: its header and everything indented below it.
    private static string DeviceBlock(string qtree, string header)
    {
        var lines = qtree.Replace("\r\n", "\n", System.StringComparison.Ordinal).Split('\n');
        int start = System.Array.FindIndex(lines, l => l.TrimStart() == header);
        Assert.True(start >= 0, header);
        int indent = lines[start].Length - lines[start].TrimStart().Length;
        var block = new List<string> { lines[start] };
        for (int i = start + 1; i < lines.Length && lines[i].Length - lines[i].TrimStart().Length > indent; i++)
        {
            block.Add(lines[i]);
        }

        return string.Join('\n', block);
    }
}
