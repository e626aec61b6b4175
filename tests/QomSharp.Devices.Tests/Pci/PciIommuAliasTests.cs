using QomSharp.Devices.I386;
using QomSharp.Devices.Pci;

namespace QomSharp.Devices.Tests.Pci;

/// <summary>pci_device_get_iommu_bus_devfn's requester aliasing (devices-spec §5.3) behind each bridge kind, with intel-iommu on pcie.0.</summary>
public class PciIommuAliasTests
{
    private const string Iommu = "intel-iommu";

    [Fact]
    public void IntelIommuInstallsItsOpsOnPcie0()
    {
        var run = ToolRun.Of("-device", "intel-iommu,id=vtd");
        Assert.Equal(string.Empty, run.Error);
        Assert.Same(run.Resolve<IntelIommu>("/machine/peripheral/vtd"), Root(run).IommuOps);
    }

    [Fact]
    public void DeviceOnTheRootBusIsItsOwnRequester()
    {
        var run = ToolRun.Of("-device", Iommu, "-device", "pci-testdev,id=t,addr=3.2,multifunction=on");
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(new PciIommuBusDevfn(Root(run), Root(run), 0x1a, false), Device(run, "t").GetIommuBusDevfn());
    }

    [Fact]
    public void RootPortDoesNotAlias()
    {
        var run = ToolRun.Of("-device", Iommu, "-device", "pcie-root-port,id=rp,chassis=1", "-device", "pci-testdev,id=t,bus=rp");
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(new PciIommuBusDevfn(Root(run), Secondary(run, "rp"), 0, false), Device(run, "t").GetIommuBusDevfn());
    }

    [Fact]
    public void PcieToPciBridgeAliasesToItsSecondaryBusAt00_0()
    {
        var run = ToolRun.Of("-device", Iommu, "-device", "pcie-pci-bridge,id=br,addr=4", "-device", "pci-testdev,id=t,bus=br,addr=5.3,multifunction=on");
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(new PciIommuBusDevfn(Root(run), Secondary(run, "br"), 0, true), Device(run, "t").GetIommuBusDevfn());
    }

    [Fact]
    public void PciBridgeAliasesToTheBridgeItself()
    {
        var run = ToolRun.Of("-device", Iommu, "-device", "pci-bridge,id=br,chassis_nr=1,addr=6", "-device", "pci-testdev,id=t,bus=br,addr=5");
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(new PciIommuBusDevfn(Root(run), Root(run), 0x30, true), Device(run, "t").GetIommuBusDevfn());
    }

    [Fact]
    public void BelowARootPortThePcieToPciBridgeSegmentNearestTheRootDecides()
    {
        // rp (Express: no alias) → pcie-pci-bridge ppb → pci-bridge pb (its devfn is overwritten by ppb's 00.0) → device.
        var run = ToolRun.Of("-device", Iommu, "-device", "pcie-root-port,id=rp,chassis=1", "-device", "pcie-pci-bridge,id=ppb,bus=rp",
            "-device", "pci-bridge,id=pb,bus=ppb,chassis_nr=2,addr=2", "-device", "pci-testdev,id=t,bus=pb,addr=7");
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(new PciIommuBusDevfn(Root(run), Secondary(run, "ppb"), 0, true), Device(run, "t").GetIommuBusDevfn());
    }

    [Fact]
    public void NestedPciBridgesAliasToTheTopmostBridge()
    {
        var run = ToolRun.Of("-device", Iommu, "-device", "pci-bridge,id=b1,chassis_nr=1,addr=9", "-device", "pci-bridge,id=b2,bus=b1,chassis_nr=2,addr=3",
            "-device", "pci-testdev,id=t,bus=b2");
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(new PciIommuBusDevfn(Root(run), Root(run), 0x48, true), Device(run, "t").GetIommuBusDevfn());
    }

    [Fact]
    public void PciBridgeBelowAPcieToPciBridgeIsOverwrittenByIt()
    {
        var run = ToolRun.Of("-device", Iommu, "-device", "pcie-pci-bridge,id=ppb", "-device", "pci-bridge,id=pb,bus=ppb,chassis_nr=1,addr=4",
            "-device", "pci-testdev,id=t,bus=pb,addr=1");
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(new PciIommuBusDevfn(Root(run), Secondary(run, "ppb"), 0, true), Device(run, "t").GetIommuBusDevfn());
    }

    [Fact]
    public void WithoutAVirtualIommuThereIsNoIommuBusButTheAliasIsStillComputed()
    {
        var run = ToolRun.Of("-device", "pci-bridge,id=br,chassis_nr=1,addr=6", "-device", "pci-testdev,id=t,bus=br");
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(new PciIommuBusDevfn(null, Root(run), 0x30, true), Device(run, "t").GetIommuBusDevfn());
        Assert.Null(Device(run, "t").GetIommuAddressSpace());
    }

    [Fact]
    public void DevicesAliasingToOneRequesterShareAnAddressSpace()
    {
        var run = ToolRun.Of("-device", Iommu, "-device", "pci-bridge,id=br,chassis_nr=1", "-device", "pci-testdev,id=a,bus=br,addr=1",
            "-device", "pci-testdev,id=b,bus=br,addr=2", "-device", "pcie-root-port,id=rp,chassis=2", "-device", "pci-testdev,id=c,bus=rp");
        Assert.Equal(string.Empty, run.Error);
        object? shared = Device(run, "a").GetIommuAddressSpace();
        Assert.NotNull(shared);
        Assert.Same(shared, Device(run, "b").GetIommuAddressSpace());
        Assert.NotSame(shared, Device(run, "c").GetIommuAddressSpace());
    }

    internal static PciBus Root(ToolRun run) => run.Resolve<Q35PciHost>("/machine/q35").RootBus!;

    internal static PciBus Secondary(ToolRun run, string id) => run.Resolve<PciBridge>($"/machine/peripheral/{id}").SecondaryBus!;

    internal static PciDevice Device(ToolRun run, string id) => run.Resolve<PciDevice>($"/machine/peripheral/{id}");
}
