using System.Linq;
using QomSharp.Devices.Backends;
using QomSharp.Devices.Pci;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Devices.Vfio;
using QomSharp.Devices.Virtio;

namespace QomSharp.Devices.Tests.Virtio;

/// <summary>
/// virtio-iommu's set/unset_iommu_device as QEMU 10.0 has them (hw/virtio/virtio-iommu.c), with
/// vfio-pci on the embedded default host. Its units have a 48-bit second-stage aperture (SAGAW
/// 4-level under MGAW 57) and 2 MiB and 1 GiB pages; every group has the x86 MSI window reserved,
/// group 30 (the X710) also a boot RMRR at 0x6f800000-0x6f80ffff.
/// </summary>
public class VirtioIommuHostDeviceTests
{
    private const ulong Type1PageSizes = 0x1000 | 0x200000 | 0x40000000; // 4 KiB, 2 MiB, 1 GiB
    private const string Above48Bits = "0x1000000000000:0xffffffffffffffff:0";
    private const string MsiWindow = "0xfee00000:0xfeefffff:1";

    [Fact]
    public void AssignedDeviceGetsTheHostReservedRangesUnderTheMachinesMsiWindow()
    {
        var run = ToolRun.Of("-device", "virtio-iommu-pci,id=vi", "-device", "vfio-pci,host=98:00.0,id=gpu");
        Assert.Equal(0, run.ExitCode);
        var gpu = run.Resolve<VfioPci>("/machine/peripheral/gpu");
        VirtioIommu viommu = Backend(run);

        // The host's reserved MSI window (type reserved) is replaced by the machine's (type MSI),
        // inserted last; above the 48-bit aperture everything is reserved.
        Assert.Equal([MsiWindow, Above48Bits], Regions(viommu, gpu));
        Assert.IsType<HostIommuDeviceLegacyVfio>(viommu.FindHostIommuDevice(gpu.PciBus!, gpu.Devfn));
        Assert.Equal(Type1PageSizes, viommu.PageSizeMask);
        Assert.True(viommu.GranuleFrozen);
    }

    [Fact]
    public void AHostDirectRegionStaysReservedBesideTheMsiWindow()
    {
        var run = ToolRun.Of("-device", "virtio-iommu-pci,id=vi", "-device", "vfio-pci,host=31:00.0,id=nic");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["0x6f800000:0x6f80ffff:0", MsiWindow, Above48Bits], Regions(Backend(run), run.Resolve<VfioPci>("/machine/peripheral/nic")));
    }

    [Fact]
    public void AnEmulatedEndpointHasOnlyTheMachinesRegions()
    {
        var run = ToolRun.Of("-device", "virtio-iommu-pci,id=vi", "-device", "pci-testdev,id=t");
        var device = run.Resolve<PciDevice>("/machine/peripheral/t");
        device.GetIommuAddressSpace();
        Assert.Equal([MsiWindow], Regions(Backend(run), device));
        Assert.Equal(0xfffffffffffff000UL, Backend(run).PageSizeMask);
    }

    [Fact]
    public void IommufdContainersOfferOnlyTheHostPageSize()
    {
        var run = ToolRun.Of("-object", "iommufd,id=fd0", "-device", "virtio-iommu-pci,id=vi", "-device", "vfio-pci,host=98:00.0,id=gpu,iommufd=fd0");
        Assert.Equal(0, run.ExitCode);
        Assert.IsType<HostIommuDeviceIommufdVfio>(Backend(run).FindHostIommuDevice(run.Resolve<VfioPci>("/machine/peripheral/gpu").PciBus!, run.Resolve<VfioPci>("/machine/peripheral/gpu").Devfn));
        Assert.Equal(0x1000UL, Backend(run).PageSizeMask);
    }

    [Fact]
    public void APageSizeMaskWithNothingInCommonIsRefused()
    {
        var run = ToolRun.Of("-object", "iommufd,id=fd0", "-device", "virtio-iommu-pci,granule=64k", "-device", "vfio-pci,host=98:00.0,iommufd=fd0");
        Assert.Equal(ToolRun.Refusal("vfio-pci,host=98:00.0,iommufd=fd0",
            "vfio 0000:98:00.0: Failed to set vIOMMU: 0000:98:00.0: virtio-iommu reports a page size mask 0x1000 incompatible with currently supported mask 0xffffffffffff0000"), run.Error);
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public void AHotPluggedDeviceMustSupportTheFrozenGranule()
    {
        // Cold-plugged: 64 KiB granule & type1's sizes leave 2 MiB and 1 GiB, the granule becomes 2 MiB.
        // Native PCIe hot-plug, so that device_del completes at once (ACPI hot-plug waits for the guest).
        var run = ToolRun.Of("-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off", "-device", "virtio-iommu-pci,id=vi,granule=64k", "-device", "pcie-root-port,id=rp0,chassis=1",
            "-device", "pcie-root-port,id=rp1,chassis=2", "-device", "vfio-pci,host=98:00.0,bus=rp0");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(0x200000UL | 0x40000000, Backend(run).PageSizeMask);

        // After machine-done the granule (2 MiB) is frozen: a device with 2 MiB pages is accepted and
        // changes nothing; a container with 4 KiB pages only is refused.
        var replies = QmpTranscript.Run(run.Context,
            """{"execute":"device_add","arguments":{"driver":"vfio-pci","host":"4b:00.0","bus":"rp1","id":"nic"}}""",
            """{"execute":"object-add","arguments":{"qom-type":"iommufd","id":"fd0"}}""",
            """{"execute":"device_del","arguments":{"id":"nic"}}""",
            """{"execute":"device_add","arguments":{"driver":"vfio-pci","host":"4b:00.0","bus":"rp1","iommufd":"fd0"}}""");
        Assert.Null(QmpTranscript.Error(replies[0]));
        Assert.Equal(0x200000UL | 0x40000000, Backend(run).PageSizeMask);
        Assert.Equal("vfio 0000:4b:00.0: Failed to set vIOMMU: 0000:4b:00.0: virtio-iommu reports a page size mask 0x1000 incompatible with currently supported mask 0x40200000",
            QmpTranscript.Error(replies[3]));
    }

    [Fact]
    public void AFrozenGranuleTheDeviceLacksIsRefused()
    {
        // 64 KiB granule frozen before any device: type1's sizes overlap it (2 MiB, 1 GiB) but lack 64 KiB.
        var run = ToolRun.Of("-device", "virtio-iommu-pci,id=vi,granule=64k", "-device", "pcie-root-port,id=rp0,chassis=1");
        var replies = QmpTranscript.Run(run.Context, """{"execute":"device_add","arguments":{"driver":"vfio-pci","host":"98:00.0","bus":"rp0"}}""");
        Assert.Equal("vfio 0000:98:00.0: Failed to set vIOMMU: 0000:98:00.0: virtio-iommu does not support frozen granule 0x10000", QmpTranscript.Error(replies[0]));
        Assert.Equal(0xffffffffffff0000UL, Backend(run).PageSizeMask);
        Assert.Equal(0, Backend(run).HostIommuDeviceCount);
    }

    [Fact]
    public void UnplugGivesTheEndpointBackTheMachinesRegionsOnly()
    {
        // Native hot-plug, whose unplug completes at once (ACPI PCI hot-plug, the default, waits for the guest's eject).
        var run = ToolRun.Of("-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off", "-device", "virtio-iommu-pci,id=vi", "-device", "pcie-root-port,id=rp0,chassis=1");
        var replies = QmpTranscript.Run(run.Context, """{"execute":"device_add","arguments":{"driver":"vfio-pci","host":"31:00.0","bus":"rp0","id":"nic"}}""");
        Assert.Null(QmpTranscript.Error(replies[0]));
        var nic = run.Resolve<VfioPci>("/machine/peripheral/nic");
        PciBus bus = nic.PciBus!;
        Assert.Equal(3, Backend(run).GetReservedRegions(bus, 0)!.Count);

        replies = QmpTranscript.Run(run.Context, """{"execute":"device_del","arguments":{"id":"nic"}}""");
        Assert.Null(QmpTranscript.Error(replies[0]));
        Assert.Equal([MsiWindow], Backend(run).GetReservedRegions(bus, 0)!.Select(r => r.ToString()));
        Assert.Equal(0, Backend(run).HostIommuDeviceCount);
    }

    [Fact]
    public void TwoAssignedDevicesBehindOneAliasAreRefused()
    {
        // Behind a PCIe-to-PCI bridge both functions are seen as (secondary bus, 00.0): one endpoint.
        var run = ToolRun.Of("-device", "virtio-iommu-pci", "-device", "pcie-pci-bridge,id=pb",
            "-device", "vfio-pci,host=4b:00.0,bus=pb,addr=1", "-device", "vfio-pci,host=4b:00.1,bus=pb,addr=2");
        Assert.Equal(ToolRun.Refusal("vfio-pci,host=4b:00.1,bus=pb,addr=2",
            "vfio 0000:4b:00.1: Failed to set vIOMMU: virtio_iommu_set_host_iova_ranges virtio-iommu does not support aliased BDF"), run.Error);
    }

    [Fact]
    public void ADuplicateOfTheSameRequesterIsRefusedFirst()
    {
        var run = ToolRun.Of("-device", "virtio-iommu-pci,id=vi", "-device", "vfio-pci,host=98:00.0,id=gpu");
        var gpu = run.Resolve<VfioPci>("/machine/peripheral/gpu");
        Assert.False(gpu.SetIommuDevice(gpu.VfioDevice!.HostIommuDevice!, out string? error));
        Assert.Equal("Host IOMMU device already exists", error);
    }

    private static VirtioIommu Backend(ToolRun run) => run.Resolve<VirtioIommuPci>("/machine/peripheral/vi").Backend!;

    private static string[] Regions(VirtioIommu viommu, PciDevice device) =>
        [.. viommu.GetReservedRegions(device.PciBus!, device.Devfn)!.Select(r => r.ToString())];
}
