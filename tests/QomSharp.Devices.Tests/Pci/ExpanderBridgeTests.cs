using QomSharp.Devices.I386;
using QomSharp.Devices.Pci;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Devices.Vfio;

namespace QomSharp.Devices.Tests.Pci;

/// <summary>
/// pxb-pcie (an extra root bus with bus_nr and bypass_iommu), the machine's default-bus-bypass-iommu,
/// and the DMI-to-PCI bridge, as QEMU 10.0's pci_device_get_iommu_bus_devfn sees them: behind a host
/// bridge that bypasses the vIOMMU a device gets no IOMMU, so vfio-pci hands it no host IOMMU device.
/// </summary>
public class ExpanderBridgeTests
{
    private const string Vtd = "intel-iommu,id=vtd,aw-bits=48,caching-mode=on";

    private static IntelIommu VtdOf(ToolRun run) => run.Resolve<IntelIommu>("/machine/peripheral/vtd");

    private static ToolRun BehindExpander(string expanderOptions) => ToolRun.Of("-machine", "q35", "-device", Vtd,
        "-device", $"pxb-pcie,id=pxb1,bus_nr=0x80,bus=pcie.0{expanderOptions}", "-device", "pcie-root-port,id=rp,chassis=1,bus=pxb1",
        "-device", "vfio-pci,host=98:00.0,id=gpu,bus=rp");

    [Fact]
    public void DeviceBehindAnExpanderIsServedByTheVirtualIommuOnPcie0()
    {
        var run = BehindExpander("");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        var gpu = run.Resolve<VfioPci>("/machine/peripheral/gpu");
        PciIommuBusDevfn at = gpu.GetIommuBusDevfn();
        Assert.Equal("pcie.0", at.IommuBus!.Name);
        Assert.Equal(("rp", 0, false), (at.AliasedBus.Name, at.AliasedDevfn, at.Aliased));
        Assert.Same(gpu.VfioDevice!.HostIommuDevice, VtdOf(run).FindHostIommuDevice(gpu.PciBus!, gpu.Devfn));
    }

    [Fact]
    public void BypassIommuExpanderKeepsItsDevicesFromTheVirtualIommu()
    {
        var run = BehindExpander(",bypass_iommu=on");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        var gpu = run.Resolve<VfioPci>("/machine/peripheral/gpu");
        Assert.Null(gpu.GetIommuBusDevfn().IommuBus);
        Assert.Null(gpu.GetIommuAddressSpace());
        Assert.Equal(0, VtdOf(run).HostIommuDeviceCount);
        // The device still has its host IOMMU device; its container serves the system memory.
        Assert.NotNull(gpu.VfioDevice!.HostIommuDevice);
        Assert.Same(run.Context.Qdev.SystemMemory, Assert.Single(VfioUniverse.Of(run.Context).Containers).AddressSpace);
        Assert.True(run.Resolve<PxbPcieDevice>("/machine/peripheral/pxb1").Host!.BypassIommu);
    }

    [Fact]
    public void BypassingExpanderDoesNotCheckTheHostWidth()
    {
        // aw-bits 48 against a 39-bit host: refused on pcie.0, never asked behind a bypassing expander.
        string host = System.IO.Path.Combine(Reference.RepositoryRoot(), "samples", "hosts", "client-39bit.json");
        var refused = ToolRun.Of("-host", host, "-machine", "q35", "-device", Vtd, "-device", "vfio-pci,host=03:00.0");
        Assert.Equal(ToolRun.Refusal("vfio-pci,host=03:00.0", "vfio 0000:03:00.0: Failed to set vIOMMU: aw-bits 48 > host aw-bits 39"), refused.Error);
        var run = ToolRun.Of("-host", host, "-machine", "q35", "-device", Vtd, "-device", "pxb-pcie,id=pxb1,bus_nr=1,bypass_iommu=on,bus=pcie.0",
            "-device", "pcie-root-port,id=rp,chassis=1,bus=pxb1", "-device", "vfio-pci,host=03:00.0,bus=rp");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
    }

    [Fact]
    public void MachineDefaultBusBypassIommuAppliesToPcie0Only()
    {
        var run = ToolRun.Of("-machine", "q35,default-bus-bypass-iommu=on", "-device", Vtd, "-device", "vfio-pci,host=98:00.0,id=gpu",
            "-device", "pxb-pcie,id=pxb1,bus_nr=0x80,bus=pcie.0", "-device", "pcie-root-port,id=rp,chassis=1,bus=pxb1",
            "-device", "vfio-pci,host=b1:00.0,id=nvme,bus=rp");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        Assert.True(run.Resolve<Q35PciHost>("/machine/q35").BypassIommu);
        Assert.Null(run.Resolve<VfioPci>("/machine/peripheral/gpu").GetIommuBusDevfn().IommuBus);
        var nvme = run.Resolve<VfioPci>("/machine/peripheral/nvme");
        Assert.Same(nvme.VfioDevice!.HostIommuDevice, VtdOf(run).FindHostIommuDevice(nvme.PciBus!, nvme.Devfn));
        Assert.Equal(1, VtdOf(run).HostIommuDeviceCount);
    }

    [Fact]
    public void ExpanderBusIsNamedAfterItsIdOrAutomatically()
    {
        var run = ToolRun.Of("-machine", "q35", "-device", "pxb-pcie,bus_nr=5,bus=pcie.0", "-device", "pxb-pcie,id=px,bus_nr=6,bus=pcie.0",
            "-device", "pcie-root-port,chassis=1,bus=pxb-pcie-bus.0,id=a", "-device", "pcie-root-port,chassis=2,bus=px,id=b");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        Assert.Equal("pxb-pcie-bus.0", run.Resolve<PcieRootPort>("/machine/peripheral/a").PciBus!.Name);
        Assert.IsType<PxbHost>(run.Resolve<PcieRootPort>("/machine/peripheral/b").PciBus!.ParentDevice);
    }

    [Fact]
    public void DmiToPciBridgeAliasesToItsOwnRequesterId()
    {
        // Both X710 functions of group 30 behind the bridge share its requester id, so one address
        // space and one legacy container serve both (on pcie.0 they would need two).
        var run = ToolRun.Of("-machine", "q35", "-device", Vtd, "-device", "i82801b11-bridge,id=dmi,addr=1e.0",
            "-device", "vfio-pci,host=31:00.0,id=p0,bus=dmi,addr=1", "-device", "vfio-pci,host=31:00.1,id=p1,bus=dmi,addr=2");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        var p0 = run.Resolve<VfioPci>("/machine/peripheral/p0");
        PciIommuBusDevfn at = p0.GetIommuBusDevfn();
        Assert.Equal(("pcie.0", 0xf0, true), (at.AliasedBus.Name, at.AliasedDevfn, at.Aliased));
        Assert.Equal(2, Assert.Single(VfioUniverse.Of(run.Context).Containers).Devices.Count);
        Assert.Equal(2, VtdOf(run).HostIommuDeviceCount);
        Assert.Equal(0xf0, p0.VfioDevice!.HostIommuDevice!.AliasedDevfn);
    }
}
