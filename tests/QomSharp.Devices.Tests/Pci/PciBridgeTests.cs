using System.Linq;
using QomSharp.Devices.Pci;

namespace QomSharp.Devices.Tests.Pci;

/// <summary>Root ports and bridges: their secondary buses as QEMU 7.2 names them, and devices behind them.</summary>
public class PciBridgeTests
{
    [Fact]
    public void SecondaryBusesAreNamedByIdElseByTypeCounter()
    {
        // QEMU 7.2 (info qtree): anonymous bridges get pcie.0 (beside the root bus's pcie.0), pcie.1, pci.0, pci.1.
        var run = ToolRun.Of("-device", "pcie-root-port,id=rp0,chassis=1", "-device", "pcie-root-port,chassis=2", "-device", "pcie-root-port,chassis=3",
            "-device", "pci-bridge,chassis_nr=4", "-device", "pcie-pci-bridge", "-device", "pci-bridge,id=b0,chassis_nr=5");
        Assert.Equal(string.Empty, run.Error);
        string[] names = ["rp0", "pcie.0", "pcie.1", "pci.0", "pci.1", "b0"];
        string[] types = ["PCIE", "PCIE", "PCIE", "PCI", "PCI", "PCI"];
        string[] paths = ["/machine/peripheral/rp0", "/machine/peripheral-anon/device[0]", "/machine/peripheral-anon/device[1]", "/machine/peripheral-anon/device[2]", "/machine/peripheral-anon/device[3]", "/machine/peripheral/b0"];
        for (int i = 0; i < paths.Length; i++)
        {
            var bridge = run.Resolve<PciBridge>(paths[i]);
            Assert.Equal((names[i], types[i]), (bridge.SecondaryBus!.Name, bridge.SecondaryBus.TypeName));
            Assert.Same(bridge.SecondaryBus, bridge.GetChild(names[i]));
        }
    }

    [Theory]
    [InlineData("pcie-root-port,id=br,chassis=1", "PCIE")]
    [InlineData("pci-bridge,id=br,chassis_nr=1", "PCI")]
    [InlineData("pcie-pci-bridge,id=br", "PCI")]
    public void PciTestdevGoesBehindEachBridgeKind(string bridge, string busType)
    {
        var run = ToolRun.Of("-device", bridge, "-device", "pci-testdev,id=t,bus=br");
        Assert.Equal(string.Empty, run.Error);
        var device = run.Resolve<PciTestDevice>("/machine/peripheral/t");
        Assert.Equal(("br", busType, 0), (device.ParentBus!.Name, device.ParentBus.TypeName, device.Devfn));
        Assert.Equal(8, run.Resolve<PciBridge>("/machine/peripheral/br").Devfn);
    }

    [Fact]
    public void RootPortBusTakesFurtherSlotsAsQemu72Does()
    {
        var run = ToolRun.Of("-device", "pcie-root-port,id=rp0,chassis=1", "-device", "pci-testdev,id=a,bus=rp0", "-device", "pci-testdev,id=b,bus=rp0");
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(8, run.Resolve<PciTestDevice>("/machine/peripheral/b").Devfn);
    }

    [Fact]
    public void QomTreeHasQemusShape()
    {
        // What the tool prints is QEMU's info qom-tree for the same command line (regions.json), less
        // the board devices not modelled here.
        string[] args = ["-machine", "q35", "-device", "pcie-root-port,id=rp0,chassis=1", "-device", "pci-testdev,bus=rp0", "-device", "pci-testdev"];
        var reference = System.Text.Json.Nodes.JsonNode.Parse(Qemu10.Qemu10Reference.Read("regions.json"))!["cases"]!.AsArray()
            .Single(c => c!["args"]!.AsArray().Select(a => a!.GetValue<string>()).SequenceEqual(args));
        var run = ToolRun.Of(args);
        Assert.Equal(Qemu10.Qemu10Regions.FilterTree(reference!["qom-tree"]!.GetValue<string>()), run.Output);
    }

    [Fact]
    public void BridgeChecksUseQemusTexts()
    {
        Assert.Equal(
            ToolRun.Refusal("pci-bridge,id=b0", "Bridge chassis not specified. Each bridge is required to be assigned a unique chassis id > 0."),
            ToolRun.Of("-device", "pci-bridge,id=b0").Error);
        Assert.Equal(
            ToolRun.Refusal("pcie-root-port,id=rp1,chassis=1", "Can't add chassis slot, error -16"),
            ToolRun.Of("-device", "pcie-root-port,id=rp0,chassis=1", "-device", "pcie-root-port,id=rp1,chassis=1").Error);
        Assert.Equal(ToolRun.Refusal("pcie-root-port", "Can't add chassis slot, error -16"), ToolRun.Of("-device", "pcie-root-port", "-device", "pcie-root-port").Error);

        // Same chassis, other slot; and pci-bridge chassis numbers may repeat (QEMU 7.2 accepts both).
        Assert.Equal(string.Empty, ToolRun.Of("-device", "pcie-root-port,chassis=1", "-device", "pcie-root-port,chassis=1,slot=1").Error);
        Assert.Equal(string.Empty, ToolRun.Of("-device", "pci-bridge,chassis_nr=1", "-device", "pci-bridge,chassis_nr=1").Error);
    }

    [Fact]
    public void TypesHaveQemusParentsAndInterfaces()
    {
        var context = ToolRun.Of("-machine", "help").Context;
        (string Type, string Parent)[] parents =
        [
            ("pci-testdev", "pci-device"), ("pcie-root-port", "pcie-root-port-base"), ("pcie-root-port-base", "pcie-slot"),
            ("pcie-slot", "pcie-port"), ("pcie-port", "base-pci-bridge"), ("pci-bridge", "base-pci-bridge"), ("pcie-pci-bridge", "base-pci-bridge"),
            ("base-pci-bridge", "pci-device"), ("pci-device", "device"), ("PCI", "bus"), ("PCIE", "PCI"), ("q35-pcihost", "pcie-host-bridge"),
            ("pcie-host-bridge", "pci-host-bridge"), ("pci-host-bridge", "sys-bus-device"), ("mch", "pci-device"),
        ];
        foreach (var (type, parent) in parents)
        {
            Assert.Equal(parent, context.FindClass(type)!.Parent!.Name);
        }

        // qom-list-types implements=... in QEMU 7.2.
        Assert.All(new[] { "pcie-pci-bridge", "pcie-root-port", "pcie-root-port-base" }, t => Assert.True(context.FindClass(t)!.CastsTo(context.FindClass("pci-express-device"))));
        Assert.All(new[] { "mch", "pci-bridge", "pci-testdev" }, t => Assert.True(context.FindClass(t)!.CastsTo(context.FindClass("conventional-pci-device"))));
        Assert.All(new[] { "pci-bridge", "pcie-pci-bridge", "pcie-slot", "pcie-root-port" }, t => Assert.True(context.FindClass(t)!.CastsTo(context.FindClass("hotplug-handler"))));
        Assert.All(new[] { "base-pci-bridge", "pcie-port", "pci-testdev" }, t => Assert.False(context.FindClass(t)!.CastsTo(context.FindClass("hotplug-handler"))));
    }
}
