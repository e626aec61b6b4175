using QomSharp.Devices.Tests.Backends;
using QomSharp.Devices.Backends;
using QomSharp.Devices.Host;
using QomSharp.Devices.I386;
using QomSharp.Devices.Pci;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.I386;

/// <summary>
/// intel-iommu's host IOMMU device table and vtd_check_hiod (devices-spec §5.4, §6.5–6.6, baseline M),
/// driven through PciDevice.SetIommuDevice with real host IOMMU devices on simulated VFIO agents.
/// </summary>
public class IntelIommuHostDeviceTests
{
    private static readonly PciHostAddress Assigned = PciHostAddress.Parse("0000:01:00.0");

    // The default host's 0000:98:00.0 has a 48-bit unit; this JSON host's unit has MGAW 39.
    private static readonly PciHostAddress Default48 = PciHostAddress.Parse("0000:98:00.0");

    public enum Backend
    {
        LegacyVfio,
        IommufdVfio,
    }

    [Theory]
    [InlineData(Backend.LegacyVfio, 39, 39)]
    [InlineData(Backend.LegacyVfio, 39, 48)]
    [InlineData(Backend.LegacyVfio, 48, 48)]
    [InlineData(Backend.IommufdVfio, 39, 39)]
    [InlineData(Backend.IommufdVfio, 39, 48)]
    [InlineData(Backend.IommufdVfio, 48, 48)]
    public void CompatibleWidthsAreAcceptedAndTakeAReference(Backend backend, int awBits, int hostAwBits)
    {
        var run = Machine(awBits);
        HostIommuDevice hiod = Realized(run.Context, backend, hostAwBits);
        Assert.Equal(hostAwBits, hiod.GetCap(HostIommuDeviceCap.AwBits));
        int before = hiod.RefCount;
        PciDevice device = PciIommuAliasTests.Device(run, "t");

        Assert.True(device.SetIommuDevice(hiod, out string? error), error);
        Assert.Null(error);
        Assert.Equal(before + 1, hiod.RefCount);
        Assert.Same(hiod, Iommu(run).FindHostIommuDevice(PciIommuAliasTests.Root(run), device.Devfn));

        device.UnsetIommuDevice();
        Assert.Equal(before, hiod.RefCount);
        Assert.Equal(0, Iommu(run).HostIommuDeviceCount);
    }

    [Theory]
    [InlineData(Backend.LegacyVfio)]
    [InlineData(Backend.IommufdVfio)]
    public void WiderGuestThanHostIsRefusedWithQemusText(Backend backend)
    {
        var run = Machine(48);
        HostIommuDevice hiod = Realized(run.Context, backend, 39);
        int before = hiod.RefCount;
        Assert.False(PciIommuAliasTests.Device(run, "t").SetIommuDevice(hiod, out string? error));
        Assert.Equal("aw-bits 48 > host aw-bits 39", error);
        Assert.Equal(before, hiod.RefCount);
        Assert.Equal(0, Iommu(run).HostIommuDeviceCount);
    }

    [Fact]
    public void DuplicateIsReportedBeforeCompatibility()
    {
        var run = Machine(48);
        PciDevice device = PciIommuAliasTests.Device(run, "t");
        HostIommuDevice first = Realized(run.Context, Backend.LegacyVfio, 48);
        HostIommuDevice incompatible = Realized(run.Context, Backend.IommufdVfio, 39);
        Assert.True(device.SetIommuDevice(first, out _));
        int before = incompatible.RefCount;

        Assert.False(device.SetIommuDevice(incompatible, out string? error));
        Assert.Equal("Host IOMMU device already exist", error);
        Assert.Equal(before, incompatible.RefCount);
        Assert.Same(first, Iommu(run).FindHostIommuDevice(device.PciBus!, device.Devfn));
    }

    [Fact]
    public void UnsetOfAnUnknownDeviceIsASilentNoOp()
    {
        var run = Machine(39);
        PciDevice device = PciIommuAliasTests.Device(run, "t");
        PciDevice other = PciIommuAliasTests.Device(run, "u");
        HostIommuDevice hiod = Realized(run.Context, Backend.LegacyVfio, 48);
        Assert.True(device.SetIommuDevice(hiod, out _));
        int held = hiod.RefCount;

        other.UnsetIommuDevice();
        Iommu(run).UnsetIommuDevice(PciIommuAliasTests.Root(run), 0xff);
        Assert.Equal(1, Iommu(run).HostIommuDeviceCount);
        Assert.Equal(held, hiod.RefCount);

        device.UnsetIommuDevice();
        device.UnsetIommuDevice();
        Assert.Equal(0, Iommu(run).HostIommuDeviceCount);
        Assert.Equal(held - 1, hiod.RefCount);
    }

    [Fact]
    public void WithoutAVirtualIommuSetSucceedsAndStoresNothing()
    {
        var run = ToolRun.Of("-device", "pci-bridge,id=br,chassis_nr=1", "-device", "pci-testdev,id=t,bus=br");
        Assert.Equal(string.Empty, run.Error);
        HostIommuDevice hiod = Realized(run.Context, Backend.LegacyVfio, 48);
        int before = hiod.RefCount;
        PciDevice device = PciIommuAliasTests.Device(run, "t");

        Assert.True(device.SetIommuDevice(hiod, out string? error));
        Assert.Null(error);
        Assert.Null(hiod.AliasedBus);
        Assert.Equal(before, hiod.RefCount);
        device.UnsetIommuDevice();
        Assert.Equal(before, hiod.RefCount);
    }

    [Fact]
    public void TableIsKeyedByTheRealBdfWhileTheAliasIsRecordedOnTheHostDevice()
    {
        // Two assigned functions behind one pci-bridge share the requester (pcie.0, the bridge) but keep their own entries.
        var run = ToolRun.Of("-device", "intel-iommu,id=vtd", "-device", "pci-bridge,id=br,chassis_nr=1,addr=6",
            "-device", "pci-testdev,id=a,bus=br,addr=1", "-device", "pci-testdev,id=b,bus=br,addr=2");
        Assert.Equal(string.Empty, run.Error);
        PciBus secondary = PciIommuAliasTests.Secondary(run, "br");
        HostIommuDevice ha = Realized(run.Context, Backend.LegacyVfio, 48);
        HostIommuDevice hb = Realized(run.Context, Backend.IommufdVfio, 48);
        Assert.True(PciIommuAliasTests.Device(run, "a").SetIommuDevice(ha, out _));
        Assert.True(PciIommuAliasTests.Device(run, "b").SetIommuDevice(hb, out _));

        Assert.Equal(2, Iommu(run).HostIommuDeviceCount);
        Assert.Same(ha, Iommu(run).FindHostIommuDevice(secondary, 0x08));
        Assert.Same(hb, Iommu(run).FindHostIommuDevice(secondary, 0x10));
        Assert.Null(Iommu(run).FindHostIommuDevice(PciIommuAliasTests.Root(run), 0x30));
        Assert.Equal((PciIommuAliasTests.Root(run), 0x30), (ha.AliasedBus, ha.AliasedDevfn));
        Assert.Equal((PciIommuAliasTests.Root(run), 0x30), (hb.AliasedBus, hb.AliasedDevfn));
    }

    private static ToolRun Machine(int awBits)
    {
        var run = ToolRun.Of("-device", $"intel-iommu,id=vtd,aw-bits={awBits}", "-device", "pci-testdev,id=t,addr=3", "-device", "pci-testdev,id=u,addr=4");
        Assert.Equal(string.Empty, run.Error);
        return run;
    }

    private static IntelIommu Iommu(ToolRun run) => run.Resolve<IntelIommu>("/machine/peripheral/vtd");

    private static HostIommuDevice Realized(QomContext context, Backend backend, int hostAwBits)
    {
        (IHost host, PciHostAddress address) = hostAwBits == 39 ? (Host39(), Assigned) : ((IHost)DefaultHost.Instance, Default48);
        if (backend == Backend.LegacyVfio)
        {
            var legacy = context.New<HostIommuDeviceLegacyVfio>();
            legacy.Realize(new SimulatedLegacyVfioAgent(host, address));
            return legacy;
        }

        var iommufd = context.New<IommufdBackend>();
        iommufd.Host = host;
        var hiod = context.New<HostIommuDeviceIommufdVfio>();
        hiod.Realize(new SimulatedIommufdVfioAgent(iommufd, address));
        return hiod;
    }

    // A 3-level VT-d unit (MGAW 39) whose only reserved region is the MSI window: host aw-bits 39.
    private static IHost Host39() => HostJson.Parse("""
        { "iommus": [ { "name": "dmar0", "version": "1:0", "address": "0xfed90000", "cap": "0x260200", "ecap": "0xf00f5e" } ],
          "groups": [ { "id": 1, "reserved_regions": [ { "start": "0xfee00000", "end": "0xfeefffff", "type": "msi" } ] } ],
          "devices": [ { "address": "0000:01:00.0", "vendor": "0x8086", "device": "0x1234", "group": 1, "iommu": "dmar0" } ] }
        """, "host39.json");
}
