using System;
using System.IO;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Tests;

/// <summary>Reads fake sysfs trees laid out like Linux's, built in a fresh temp directory per test.</summary>
public sealed class SysfsHostTests : IDisposable
{
    private readonly FakeSysfsTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private string Write(string relative, string content) => _tree.Write(relative, content);

    private void Link(string relative, string target) => _tree.Link(relative, target);

    /// <summary>Two VT-d units, one GPU and one NIC, with the text Linux prints in each file.</summary>
    private void BuildTwoUnitHost()
    {
        foreach ((string unit, string address) in new[] { ("dmar0", "aa3fc000"), ("dmar1", "c5ffc000") })
        {
            Write($"class/iommu/{unit}/intel-iommu/version", "6:0\n");
            Write($"class/iommu/{unit}/intel-iommu/address", address + "\n");
            Write($"class/iommu/{unit}/intel-iommu/cap", "9ed008c40780466\n");
            Write($"class/iommu/{unit}/intel-iommu/ecap", "3ee9e86f050df\n");
        }
        Write("bus/pci/devices/0000:98:00.0/vendor", "0x10de\n");
        Write("bus/pci/devices/0000:98:00.0/device", "0x2331\n");
        Link("bus/pci/devices/0000:98:00.0/iommu_group", "../../../../kernel/iommu_groups/52");
        Link("bus/pci/devices/0000:98:00.0/iommu", "../../../../devices/virtual/iommu/dmar1");
        Write("bus/pci/devices/0000:4b:00.0/vendor", "0x8086\n");
        Write("bus/pci/devices/0000:4b:00.0/device", "0x1592\n");
        // A plain file holding the link target stands in for a symlink (trees copied without links).
        Write("bus/pci/devices/0000:4b:00.0/iommu_group", "../../../kernel/iommu_groups/45\n");
        Write("bus/pci/devices/0000:4b:00.0/iommu", "../../virtual/iommu/dmar0\n");
        Write("kernel/iommu_groups/52/reserved_regions", "0x00000000fee00000 0x00000000feefffff msi\n");
        Write("kernel/iommu_groups/45/reserved_regions",
            "0x000000006f800000 0x000000006f80ffff direct\n0x00000000fee00000 0x00000000feefffff msi\n");
    }

    [Fact]
    public void ReadsUnitsDevicesGroupsAndRegions()
    {
        BuildTwoUnitHost();
        HostModel host = SysfsHost.Read(_tree.Root);

        Assert.Equal(["dmar0", "dmar1"], host.IommuUnits.Select(u => u.Name));
        IommuUnit dmar1 = host.FindIommuUnit("dmar1")!;
        Assert.Equal((6, 0, 0xc5ffc000UL), (dmar1.VersionMajor, dmar1.VersionMinor, dmar1.RegisterBase));
        Assert.Equal(0x9ed008c40780466UL, dmar1.Capability.Value);
        Assert.Equal(0x3ee9e86f050dfUL, dmar1.ExtendedCapability.Value);

        HostPciDevice gpu = host.FindDevice(PciHostAddress.Parse("0000:98:00.0"))!;
        Assert.Equal((0x10de, 0x2331, 52, "dmar1"), (gpu.VendorId, gpu.DeviceId, gpu.IommuGroup!.Value, gpu.IommuUnit));
        HostPciDevice nic = host.FindDevice(PciHostAddress.Parse("4b:00.0"))!;
        Assert.Equal((45, "dmar0"), (nic.IommuGroup!.Value, nic.IommuUnit));

        Assert.Equal([45, 52], host.IommuGroups);
        Assert.Equal(
            [new ReservedRegion(0x6f800000, 0x6f80ffff, ReservedRegionType.Direct), new ReservedRegion(0xfee00000, 0xfeefffff, ReservedRegionType.Msi)],
            host.GetReservedRegions(45));

        DeviceIovaAnswer answer = SimulatedKernelIovaRanges.ForDevice(host, nic.Address);
        Assert.Equal(3, answer.UsableRanges.Count);
        Assert.Equal(48, answer.HostAwBits);
    }

    [Fact]
    public void SysfsLineFormatRoundTrips()
    {
        var region = new ReservedRegion(0xfee00000, 0xfeefffff, ReservedRegionType.Msi);
        Assert.Equal("0x00000000fee00000 0x00000000feefffff msi", region.ToSysfsLine());
        string file = Write("regions", region.ToSysfsLine() + "\n");
        Assert.Equal([region], SysfsHost.ReadReservedRegions(file));
    }

    [Fact]
    public void DeviceWithoutIommuGroupIsNotAssignable()
    {
        Write("bus/pci/devices/0000:00:1f.0/vendor", "0x8086\n");
        Write("bus/pci/devices/0000:00:1f.0/device", "0x1b81\n");
        HostPciDevice device = Assert.Single(SysfsHost.Read(_tree.Root).Devices);
        Assert.False(device.IsAssignable);
        Assert.Null(device.IommuGroup);
    }

    [Fact]
    public void MissingCapFileIsNamed()
    {
        BuildTwoUnitHost();
        string cap = Path.Combine(_tree.Root, "class/iommu/dmar1/intel-iommu/cap");
        File.Delete(cap);
        var error = Assert.Throws<HostFormatException>(() => SysfsHost.Read(_tree.Root));
        Assert.Equal(cap, error.Source);
        Assert.Equal($"{cap}: missing", error.Message);
    }

    [Fact]
    public void MissingVendorFileIsNamed()
    {
        BuildTwoUnitHost();
        string vendor = Path.Combine(_tree.Root, "bus/pci/devices/0000:98:00.0/vendor");
        File.Delete(vendor);
        Assert.Equal($"{vendor}: missing", Assert.Throws<HostFormatException>(() => SysfsHost.Read(_tree.Root)).Message);
    }

    [Fact]
    public void BadHexValueIsNamed()
    {
        BuildTwoUnitHost();
        string ecap = Write("class/iommu/dmar0/intel-iommu/ecap", "3ee9e86fz50df\n");
        Assert.Equal($"{ecap}: \"3ee9e86fz50df\" is not a hexadecimal number",
            Assert.Throws<HostFormatException>(() => SysfsHost.Read(_tree.Root)).Message);
    }

    [Fact]
    public void OversizedDeviceIdIsNamed()
    {
        BuildTwoUnitHost();
        string device = Write("bus/pci/devices/0000:98:00.0/device", "0x12331\n");
        Assert.Equal($"{device}: 0x12331 is larger than 0xffff",
            Assert.Throws<HostFormatException>(() => SysfsHost.Read(_tree.Root)).Message);
    }

    [Fact]
    public void BadVersionIsNamed()
    {
        BuildTwoUnitHost();
        string version = Write("class/iommu/dmar0/intel-iommu/version", "six\n");
        Assert.Equal($"{version}: expected \"major:minor\", got \"six\"",
            Assert.Throws<HostFormatException>(() => SysfsHost.Read(_tree.Root)).Message);
    }

    [Theory]
    [InlineData("0x00000000fee00000 0x00000000feefffff", "expected \"start end type\", got \"0x00000000fee00000 0x00000000feefffff\"")]
    [InlineData("0x00000000fee00000 0x00000000feefffff bogus", "unknown reserved region type \"bogus\"")]
    [InlineData("0xfee0000g 0x00000000feefffff msi", "\"0xfee0000g\" is not a hexadecimal number")]
    [InlineData("0x00000000feefffff 0x00000000fee00000 msi", "end 0xfee00000 is below start 0xfeefffff")]
    public void BadReservedRegionLineIsNamedWithItsLineNumber(string badLine, string problem)
    {
        BuildTwoUnitHost();
        string file = Write("kernel/iommu_groups/52/reserved_regions", "0x0000000000000000 0x0000000000000fff reserved\n" + badLine + "\n");
        Assert.Equal($"{file}:2: {problem}", Assert.Throws<HostFormatException>(() => SysfsHost.Read(_tree.Root)).Message);
    }

    [Fact]
    public void BadDeviceDirectoryNameIsNamed()
    {
        Write("bus/pci/devices/not-a-bdf/vendor", "0x8086\n");
        var error = Assert.Throws<HostFormatException>(() => SysfsHost.Read(_tree.Root));
        Assert.Contains("directory name \"not-a-bdf\" is not a PCI address", error.Message);
    }

    [Fact]
    public void GroupLinkToANonNumberIsNamed()
    {
        BuildTwoUnitHost();
        Write("bus/pci/devices/0000:4b:00.0/iommu_group", "../../../kernel/iommu_groups/abc\n");
        Assert.Contains("points to \"abc\", not a group number",
            Assert.Throws<HostFormatException>(() => SysfsHost.Read(_tree.Root)).Message);
    }

    [Fact]
    public void DeviceInAGroupWithoutDirectoryIsInconsistent()
    {
        BuildTwoUnitHost();
        Directory.Delete(Path.Combine(_tree.Root, "kernel/iommu_groups/52"), recursive: true);
        Assert.Contains("PCI device 0000:98:00.0 is in IOMMU group 52, which is not described",
            Assert.Throws<HostFormatException>(() => SysfsHost.Read(_tree.Root)).Message);
    }

    [Fact]
    public void MissingRootIsReported()
    {
        string missing = Path.Combine(_tree.Root, "nope");
        Assert.Equal($"{missing}: sysfs root directory does not exist",
            Assert.Throws<HostFormatException>(() => SysfsHost.Read(missing)).Message);
    }
}
