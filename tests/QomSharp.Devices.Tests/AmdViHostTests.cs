using System.IO;
using QomSharp.Devices.Backends;
using QomSharp.Devices.Host;
using QomSharp.Devices.I386;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Devices.Vfio;

namespace QomSharp.Devices.Tests;

/// <summary>
/// AMD-Vi hosts: ivhd units from JSON and sysfs (<c>amd-iommu/{cap,features}</c>), the v1 domain
/// aperture Linux gives (PM_LEVEL_SIZE of 4 + EFR HATS levels), AMD's page sizes, the AMD hardware
/// info type through iommufd, and intel-iommu meeting such devices as QEMU 10.0 does.
/// </summary>
public sealed class AmdViHostTests : System.IDisposable
{
    private static readonly string AmdHost = Path.Combine(Reference.RepositoryRoot(), "samples", "hosts", "amd-epyc.json");
    private readonly FakeSysfsTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData(0x0UL, 4, 48)]
    [InlineData(0x400UL, 5, 57)]
    [InlineData(0x25bf732fa2295afeUL, 6, 64)]
    public void ApertureWidthFollowsHats(ulong efr, int levels, int width)
    {
        var amd = new AmdViFeatures(0x190b640f, efr, 0);
        Assert.Equal((levels, width), (amd.HostPageTableLevels, amd.DomainAddressWidth));
    }

    [Fact]
    public void SampleHostAnswersAFull64BitSpaceMinusItsReservedRegions()
    {
        HostModel host = HostJson.LoadFile(AmdHost);
        IommuUnit unit = host.FindIommuUnit("ivhd1")!;
        Assert.True(unit.IsAmdVi);
        Assert.Equal(0x53UL, unit.AmdVi!.Value.Efr2);
        DeviceIovaAnswer answer = SimulatedKernelIovaRanges.ForDevice(host, PciHostAddress.Parse("c1:00.0"));
        Assert.Equal(64, answer.AddressWidth);
        Assert.Equal(
            [new IovaRange(0, 0xfedfffff), new IovaRange(0xfef00000, 0xfcffffffff), new IovaRange(0x10000000000, ulong.MaxValue)],
            answer.UsableRanges);
        Assert.Equal(64, answer.HostAwBits);
        Assert.Equal(0xffffff7ffffff000UL, SimulatedKernelIovaRanges.Type1PageSizes(unit));
    }

    [Fact]
    public void AmdUnitsRoundTripThroughJson()
    {
        HostModel host = HostJson.LoadFile(AmdHost);
        HostModel again = HostJson.Parse(HostJson.Write(host));
        Assert.Equal(host.IommuUnits, again.IommuUnits);
        Assert.Equal(host.Devices, again.Devices);
    }

    [Theory]
    [InlineData("\"type\": \"amd-vi\"", "\"type\": \"arm-smmu\"", "$.iommus[0].type: unknown IOMMU type \"arm-smmu\" (expected \"amd-vi\", or no type for VT-d)")]
    [InlineData("\"cap\": \"0x190b640f\"", "\"cap\": \"0x1190b640f\"", "$.iommus[0].cap: 0x1190b640f does not fit 32 bits")]
    [InlineData("\"features\": \"0x25bf732fa2295afe\"", "\"features\": \"0xc00\"", "$.iommus[0].features: HATS (bits 11:10) is 3: Linux disables host address translation")]
    public void AmdUnitErrorsNameThePath(string good, string bad, string expected)
    {
        string json = File.ReadAllText(AmdHost);
        int first = json.IndexOf(good, System.StringComparison.Ordinal);
        json = json[..first] + bad + json[(first + good.Length)..];
        Assert.Equal("amd.json: " + expected, Assert.Throws<HostFormatException>(() => HostJson.Parse(json, "amd.json")).Message);
    }

    private void BuildAmdSysfs(string features)
    {
        _tree.Write("class/iommu/ivhd0/amd-iommu/cap", "190b640f\n");
        _tree.Write("class/iommu/ivhd0/amd-iommu/features", features + "\n");
        _tree.Write("bus/pci/devices/0000:41:00.0/vendor", "0x15b3\n");
        _tree.Write("bus/pci/devices/0000:41:00.0/device", "0x101d\n");
        _tree.Link("bus/pci/devices/0000:41:00.0/iommu_group", "../../../../kernel/iommu_groups/20");
        _tree.Link("bus/pci/devices/0000:41:00.0/iommu", "../../../../devices/pci0000:40/0000:40:00.2/iommu/ivhd0");
        _tree.Link("bus/pci/devices/0000:41:00.0/driver", "../../../../bus/pci/drivers/vfio-pci");
        _tree.Write("kernel/iommu_groups/20/reserved_regions",
            "0x00000000fee00000 0x00000000feefffff msi\n0x000000fd00000000 0x000000ffffffffff reserved\n");
    }

    [Theory]
    [InlineData("25bf732fa2295afe:53", 0x53UL)]
    [InlineData("25bf732fa2295afe", 0UL)]
    public void SysfsIvhdUnitIsRead(string features, ulong efr2)
    {
        BuildAmdSysfs(features);
        HostModel host = SysfsHost.Read(_tree.Root);
        IommuUnit unit = Assert.Single(host.IommuUnits);
        Assert.Equal(("ivhd0", new AmdViFeatures(0x190b640f, 0x25bf732fa2295afe, efr2)), (unit.Name, unit.AmdVi!.Value));
        Assert.Equal(64, SimulatedKernelIovaRanges.ForDevice(host, PciHostAddress.Parse("41:00.0")).HostAwBits);
    }

    [Fact]
    public void SysfsFeaturesWithThreeFieldsIsRefused()
    {
        BuildAmdSysfs("1:2:3");
        string file = Path.Combine(_tree.Root, "class/iommu/ivhd0/amd-iommu/features");
        Assert.Equal($"{file}: expected \"efr\" or \"efr:efr2\", got \"1:2:3\"", Assert.Throws<HostFormatException>(() => SysfsHost.Read(_tree.Root)).Message);
    }

    [Fact]
    public void SysfsAmdServerAssignsThroughTheTool()
    {
        BuildAmdSysfs("25bf732fa2295afe:53");
        var run = ToolRun.Of("-host", "sysfs:" + _tree.Root, "-device", "intel-iommu,id=vtd,caching-mode=on,aw-bits=48",
            "-device", $"vfio-pci,sysfsdev={_tree.Root}/bus/pci/devices/0000:41:00.0,id=nic");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        Assert.Equal(64, run.Resolve<VfioPci>("/machine/peripheral/nic").VfioDevice!.HostIommuDevice!.GetCap(HostIommuDeviceCap.AwBits));
    }

    [Theory]
    [InlineData("", typeof(HostIommuDeviceLegacyVfio))]
    [InlineData(",iommufd=fd0", typeof(HostIommuDeviceIommufdVfio))]
    public void IntelIommuTakesAnAmdHostsDeviceOnTheAddressWidthAlone(string backend, System.Type hiodType)
    {
        var run = ToolRun.Of("-host", AmdHost, "-object", "iommufd,id=fd0", "-device", "intel-iommu,id=vtd,caching-mode=on,aw-bits=48",
            "-device", $"vfio-pci,host=c1:00.0,id=gpu{backend}");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        HostIommuDevice hiod = run.Resolve<VfioPci>("/machine/peripheral/gpu").VfioDevice!.HostIommuDevice!;
        Assert.IsType(hiodType, hiod);
        Assert.Equal(64, hiod.GetCap(HostIommuDeviceCap.AwBits));
        Assert.Equal(1, run.Resolve<IntelIommu>("/machine/peripheral/vtd").HostIommuDeviceCount);
        if (hiod is HostIommuDeviceIommufdVfio iommufd)
        {
            // IOMMU_GET_HW_INFO answers the AMD type with no VT-d registers; EFR HDSup gives dirty tracking.
            Assert.Equal(new IommufdDeviceInfo(IommuHwInfoType.Amd, 0, 0, HostIommuDeviceCaps.DirtyTracking), iommufd.HardwareInfo);
            Assert.Equal((int)IommuHwInfoType.Amd, hiod.GetCap(HostIommuDeviceCap.IommuType));
        }
    }
}
