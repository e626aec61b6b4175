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
        // QEMU 10.0's info qom-tree for the same command line, less what is not modelled (fw_cfg,
        // the ioapic, the CPU and its APIC, memory regions and IRQs).
        var run = ToolRun.Of("-device", "pcie-root-port,id=rp0,chassis=1", "-device", "pci-testdev,bus=rp0", "-device", "pci-testdev");
        Assert.Equal(
            "/machine (pc-q35-10.0-machine)\n" +
            "  /peripheral (container)\n" +
            "    /rp0 (pcie-root-port)\n" +
            "      /rp0 (PCIE)\n" +
            "  /peripheral-anon (container)\n" +
            "    /device[0] (pci-testdev)\n" +
            "    /device[1] (pci-testdev)\n" +
            "  /q35 (q35-pcihost)\n" +
            "    /mch (mch)\n" +
            "    /pcie.0 (PCIE)\n" +
            "  /unattached (container)\n" +
            "    /device[10] (vmmouse)\n" +
            "    /device[11] (port92)\n" +
            "    /device[12] (ich9-ahci)\n" +
            "      /ide.0 (IDE)\n" +
            "      /ide.1 (IDE)\n" +
            "      /ide.2 (IDE)\n" +
            "      /ide.3 (IDE)\n" +
            "      /ide.4 (IDE)\n" +
            "      /ide.5 (IDE)\n" +
            "    /device[13] (ICH9-SMB)\n" +
            "      /i2c (i2c-bus)\n" +
            "    /device[14] (smbus-eeprom)\n" +
            "    /device[15] (smbus-eeprom)\n" +
            "    /device[16] (smbus-eeprom)\n" +
            "    /device[17] (smbus-eeprom)\n" +
            "    /device[18] (smbus-eeprom)\n" +
            "    /device[19] (smbus-eeprom)\n" +
            "    /device[1] (kvmvapic)\n" +
            "    /device[20] (smbus-eeprom)\n" +
            "    /device[21] (smbus-eeprom)\n" +
            "    /device[2] (ICH9-LPC)\n" +
            "      /dma[0] (i8257)\n" +
            "      /dma[1] (i8257)\n" +
            "      /isa.0 (ISA)\n" +
            "      /rtc (mc146818rtc)\n" +
            "    /device[3] (isa-i8259)\n" +
            "    /device[4] (isa-i8259)\n" +
            "    /device[5] (hpet)\n" +
            "    /device[6] (isa-pit)\n" +
            "    /device[7] (isa-pcspk)\n" +
            "    /device[8] (i8042)\n" +
            "      /ps2kbd (ps2-kbd)\n" +
            "      /ps2mouse (ps2-mouse)\n" +
            "    /device[9] (vmport)\n" +
            "    /sysbus (System)\n",
            run.Output);
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
