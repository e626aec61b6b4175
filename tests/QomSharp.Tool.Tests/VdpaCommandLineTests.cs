using System.Linq;
using System.Text.Json.Nodes;

namespace QomSharp.Tool.Tests;

/// <summary>The vDPA device on the tool's command line and monitor, on the embedded default host (which has vdpa0 at /dev/vhost-vdpa-0).</summary>
public class VdpaCommandLineTests
{
    private const string Vtd = "intel-iommu,aw-bits=48,caching-mode=on";

    [Fact]
    public void DefaultHostsVdpaDeviceIsAssigned()
    {
        var run = ToolRun.Of("-machine", "q35", "-device", Vtd, "-device", "vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0,id=vdpa0");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        Assert.Equal(
            "/machine (pc-q35-10.0-machine)\n" +
            "  /peripheral (container)\n" +
            "    /vdpa0 (vhost-vdpa-device-pci)\n" +
            "      /virtio-backend (vhost-vdpa-device)\n" +
            "      /virtio-bus (virtio-pci-bus)\n" +
            "  /peripheral-anon (container)\n" +
            "    /device[0] (intel-iommu)\n" +
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
    public void SecondOpenOfTheVhostDeviceIsBusy()
    {
        var run = ToolRun.Of("-machine", "q35", "-device", "vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0", "-device", "vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0,addr=5");
        Assert.Equal("qomsharp: -device vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0,addr=5: Could not open '/dev/vhost-vdpa-0': Device or resource busy\n", run.Error);
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public void MonitorListsTheTypesAndReadsTheBackendThroughTheProxy()
    {
        var run = ToolRun.WithInput(
            """
            {"execute":"qmp_capabilities"}
            {"execute":"qom-list-types","arguments":{"implements":"host-iommu-device"}}
            {"execute":"qom-get","arguments":{"path":"/machine/peripheral/v","property":"vhostdev"}}
            {"execute":"qom-get","arguments":{"path":"/machine/peripheral/v","property":"queue_reset"}}
            {"execute":"quit"}
            """,
            "-machine", "pc-q35-7.1", "-device", "vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0,id=v", "-qmp", "stdio");
        var replies = run.Output.Split('\n', System.StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).Where(r => r["event"] is null).ToArray();
        var types = replies[2]["return"]!.AsArray().Select(t => $"{t!["name"]} < {t["parent"]}").Order(System.StringComparer.Ordinal);
        Assert.Equal(
            ["host-iommu-device-iommufd-vdpa < host-iommu-device-iommufd", "host-iommu-device-iommufd-vfio < host-iommu-device-iommufd",
             "host-iommu-device-legacy-vdpa < host-iommu-device", "host-iommu-device-legacy-vfio < host-iommu-device"],
            types);
        Assert.Equal("/dev/vhost-vdpa-0", replies[3]["return"]!.GetValue<string>());

        // pc-q35-7.1's compat property for every virtio device reaches it through the alias.
        Assert.False(replies[4]["return"]!.GetValue<bool>());
    }
}
