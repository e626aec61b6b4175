using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// ACPI PCI hot-plug through ICH9-LPC against QEMU 10.0 (capture_qomget_sweep.py, qmp-acpi-pcihp-*.txt):
/// the LPC is the hot-plug handler of pcie.0 and of every bridge cold-plugged below it, buses that
/// accept hot-plug are numbered (acpi-pcihp-bsel) depth first, newest bridge first; pcie.0 refuses
/// hot-plug; an unplug through the LPC waits for the guest; expander buses and hot-plugged bridges
/// keep their native handler. With acpi-pci-hotplug-with-bridge-support=off every bridge keeps its own.
/// </summary>
public sealed class AcpiPciHotplugTests
{
    // capture_qomget_sweep.py's ACPI_PCIHP_ARGS.
    private static readonly string[] Bridges =
    [
        "-device", "pcie-root-port,id=ra,chassis=1", "-device", "pcie-root-port,id=rb,chassis=2",
        "-device", "pcie-pci-bridge,id=pb,bus=ra", "-device", "pci-bridge,id=bb,chassis_nr=3,bus=pb,addr=1",
        "-device", "pcie-root-port,id=rc,chassis=4,hotplug=off",
        "-device", "pxb-pcie,id=px,bus_nr=100", "-device", "pcie-root-port,id=rd,chassis=5,bus=px",
        "-device", "pcie-root-port,id=re,chassis=7,bus=px,hotplug=off",
        "-device", "i82801b11-bridge,id=dm,bus=pcie.0", "-device", "pci-bridge,id=de,chassis_nr=6,bus=dm,addr=1",
        "-device", "pcie-root-port,id=rf,chassis=8,bus=pcie.0", "-device", "pci-testdev,id=c,bus=rf",
    ];

    public static TheoryData<string> Machines() => ["q35", "pc-q35-9.1"];

    [Theory]
    [MemberData(nameof(Machines))]
    public void HandlersSelectorsAndUnplugAreQemu10s(string machine) =>
        AssertTranscript($"qmp-acpi-pcihp-{machine}.txt", ["-machine", machine, .. Bridges], _ => false);

    /// <summary>
    /// Without ACPI bridge hot-plug: turned off by hand, or by the compat properties of machine types
    /// up to 6.0. The unplug of <c>c</c>, cold-plugged into a native PCIe slot that was powered at
    /// reset, presses the slot's attention button and waits for the guest; a second request, and a
    /// function 1 added to that slot (<c>t7</c>), are refused while <c>c</c> stays.
    /// </summary>
    [Theory]
    [InlineData("qmp-acpi-pcihp-off.txt", "q35", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off")]
    [InlineData("qmp-acpi-pcihp-pc-q35-6.0.txt", "pc-q35-6.0", null)]
    public void WithoutBridgeSupportBridgesKeepTheirHandlers(string name, string machine, string? global) =>
        AssertTranscript(name, global is null ? ["-machine", machine, .. Bridges] : ["-machine", machine, "-global", global, .. Bridges], _ => false);

    [Fact]
    public void BusesAreNumberedOnceAtReset()
    {
        var context = ToolRun.Of("-device", "pcie-root-port,id=ra,chassis=1").Context;
        var replies = QmpTranscript.Run(context,
            """{"execute":"device_add","arguments":{"driver":"pci-bridge","id":"hb","bus":"ra","chassis_nr":2}}""",
            """{"execute":"qom-get","arguments":{"path":"/machine/peripheral/ra/ra","property":"acpi-pcihp-bsel"}}""",
            """{"execute":"qom-list","arguments":{"path":"/machine/peripheral/hb/hb"}}""");
        Assert.Null(QmpTranscript.Error(replies[0]));
        Assert.Equal(0u, replies[1]["return"]!.GetValue<uint>());
        Assert.DoesNotContain(replies[2]["return"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "acpi-pcihp-bsel");
        var bsel = QmpTranscript.Run(context, """{"execute":"qom-list","arguments":{"path":"/machine/peripheral/ra/ra"}}""")[0]["return"]!.AsArray()
            .Single(p => p!["name"]!.GetValue<string>() == "acpi-pcihp-bsel");
        Assert.Equal("uint32", bsel!["type"]!.GetValue<string>());
    }

    private static void AssertTranscript(string name, string[] args, System.Func<string, bool> leftOut)
    {
        var pairs = Qemu10Reference.Transcript(name);
        Assert.True(pairs.Count > 50, $"only {pairs.Count} commands");
        var run = ToolRun.Of(args);
        Assert.True(run.ExitCode == 0, run.Error);
        var replies = QmpTranscript.Run(run.Context, pairs.Select(p => p.Command).ToArray());
        var differences = new List<string>();
        for (int i = 0; i < pairs.Count; i++)
        {
            if (!leftOut(pairs[i].Command) && !JsonNode.DeepEquals(JsonNode.Parse(pairs[i].Reply), replies[i]))
            {
                differences.Add($"{pairs[i].Command}\n  QEMU 10.0: {pairs[i].Reply}\n  QomSharp:  {replies[i].ToJsonString()}");
            }
        }

        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }
}
