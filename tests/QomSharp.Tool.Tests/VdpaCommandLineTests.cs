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
        // Where the user's devices land (the board's own objects are compared with QEMU's elsewhere).
        Assert.Contains(
            "  /peripheral (container)\n" +
            "    /vdpa0 (vhost-vdpa-device-pci)\n" +
            "      /bus master container[0] (memory-region)\n" +
            "      /bus master[0] (memory-region)\n" +
            "      /virtio-backend (vhost-vdpa-device)\n" +
            "      /virtio-bus (virtio-pci-bus)\n" +
            "  /peripheral-anon (container)\n" +
            "    /device[0] (intel-iommu)\n" +
            "      /intel_iommu[0] (memory-region)\n",
            run.Output);

        // The vIOMMU made the vDPA function's address space (slot 1 of pcie.0) with its bus master alias.
        Assert.Contains("      /vtd-01.0[0] (memory-region)\n", run.Output);
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
