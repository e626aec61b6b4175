namespace QomSharp.Devices.Tests.Pci;

/// <summary>Hot-plug with QMP device_add/device_del after the machine is ready (QEMU 7.2's replies).</summary>
public class PciHotplugTests
{
    // Native hot-plug (SHPC, PCIe slots: an unplug from a slot that is off completes at once); ACPI
    // PCI hot-plug, QEMU 10.0's default, is covered by AcpiPciHotplugTests.
    private static QomContext Board()
    {
        var run = ToolRun.Of("-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off", "-device", "pcie-root-port,id=rp0,chassis=1", "-device", "pcie-root-port,id=rp1,chassis=2,hotplug=off",
            "-device", "pci-bridge,id=b0,chassis_nr=3", "-device", "pcie-pci-bridge,id=pb0", "-device", "pcie-root-port,id=rp2,chassis=4",
            "-device", "pci-testdev,bus=rp2,multifunction=on", "-device", "pci-testdev,bus=b0,addr=2,multifunction=on");
        Assert.Equal(string.Empty, run.Error);
        return run.Context;
    }

    [Fact]
    public void RootBusRefusesHotplug()
    {
        var replies = QmpTranscript.Run(Board(), """{"execute":"device_add","arguments":{"driver":"pci-testdev"}}""", """{"execute":"device_add","arguments":{"driver":"pci-testdev","bus":"pcie.0"}}""");
        Assert.All(replies, r => Assert.Equal("Bus 'pcie.0' does not support hotplugging", QmpTranscript.Error(r)));
    }

    // A bridge's SHPC has no slot 0: the function goes into slot 1.
    [Theory]
    [InlineData("rp0", "0")]
    [InlineData("b0", "1")]
    [InlineData("pb0", "1")]
    public void BridgesTakeHotplugAndUnplug(string bus, string addr)
    {
        var context = Board();
        var replies = QmpTranscript.Run(context,
            $$$"""{"execute":"device_add","arguments":{"driver":"pci-testdev","bus":"{{{bus}}}","id":"t1","addr":"{{{addr}}}"}}""",
            """{"execute":"qom-get","arguments":{"path":"t1","property":"hotplugged"}}""",
            """{"execute":"device_del","arguments":{"id":"t1"}}""");
        Assert.Null(QmpTranscript.Error(replies[0]));
        Assert.True(replies[1]["return"]!.GetValue<bool>());
        Assert.Null(QmpTranscript.Error(replies[2]));
        Assert.Null(context.ResolvePath("/machine/peripheral/t1"));
    }

    [Fact]
    public void RootPortWithHotplugOffRefuses()
    {
        var replies = QmpTranscript.Run(Board(), """{"execute":"device_add","arguments":{"driver":"pci-testdev","bus":"rp1"}}""");
        Assert.Equal("Bus 'rp1' does not support hotplugging", QmpTranscript.Error(replies[0]));
    }

    [Fact]
    public void HotpluggedFunctionBehindAnOccupiedFunctionZeroIsRefused()
    {
        var replies = QmpTranscript.Run(Board(),
            """{"execute":"device_add","arguments":{"driver":"pci-testdev","bus":"rp2","addr":"0.1"}}""",
            """{"execute":"device_add","arguments":{"driver":"pci-testdev","bus":"rp2","addr":"1.0"}}""",
            """{"execute":"device_add","arguments":{"driver":"pci-testdev","bus":"b0","addr":"2.1"}}""",
            """{"execute":"device_add","arguments":{"driver":"pci-testdev","bus":"b0","addr":"3.1"}}""",
            """{"execute":"device_add","arguments":{"driver":"pci-testdev","bus":"pb0","addr":300}}""");
        Assert.Equal("PCI: slot 0 function 0 already occupied by pci-testdev, new func pci-testdev cannot be exposed to guest.", QmpTranscript.Error(replies[0]));
        Assert.Equal("PCI: slot 0 function 0 already occupied by pci-testdev, new func pci-testdev cannot be exposed to guest.", QmpTranscript.Error(replies[1]));
        Assert.Equal("PCI: slot 2 function 0 already occupied by pci-testdev, new func pci-testdev cannot be exposed to guest.", QmpTranscript.Error(replies[2]));
        Assert.Null(QmpTranscript.Error(replies[3]));

        // QEMU 10.0's device_add keeps the number's type (QEMU 7.2 turned it into the text "300").
        Assert.Equal("Parameter 'addr' expects a value between -1 and 255", QmpTranscript.Error(replies[4]));
    }

    [Fact]
    public void HotpluggedRootPortBehindARootPort()
    {
        var replies = QmpTranscript.Run(Board(), """{"execute":"device_add","arguments":{"driver":"pcie-root-port","bus":"rp0","chassis":9}}""",
            """{"execute":"device_add","arguments":{"driver":"pcie-root-port","bus":"b0","chassis":1}}""");
        Assert.Null(QmpTranscript.Error(replies[0]));
        Assert.Equal("Can't add chassis slot, error -16", QmpTranscript.Error(replies[1]));
    }
}
