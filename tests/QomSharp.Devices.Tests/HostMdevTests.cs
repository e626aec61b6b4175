using System;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Tests;

/// <summary>Mediated devices in the host model: JSON <c>mdevs</c> and sysfs <c>bus/mdev/devices/UUID</c>.</summary>
public sealed class HostMdevTests : IDisposable
{
    private const string Uuid = "83b8f4f2-509f-382f-3c1e-e6bfe0fa1001";

    private const string WithMdev = """
        {
          "iommus": [ { "name": "dmar0", "version": "1:0", "address": "0xfed90000", "cap": "0x8d2078c106f0466", "ecap": "0xf020df" } ],
          "groups": [ { "id": 0 }, { "id": 9 } ],
          "devices": [ { "address": "0000:00:02.0", "vendor": "0x8086", "device": "0x3e92", "group": 0, "iommu": "dmar0", "driver": "i915" } ],
          "mdevs": [ { "uuid": "83b8f4f2-509f-382f-3c1e-e6bfe0fa1001", "parent": "0000:00:02.0", "type": "i915-GVTg_V5_4", "group": 9 } ]
        }
        """;

    private readonly FakeSysfsTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void JsonMdevIsReadAndWrittenBack()
    {
        HostModel host = HostJson.Parse(WithMdev, "m.json");
        HostMdevDevice mdev = Assert.Single(host.MdevDevices);
        Assert.Equal((Uuid, "0000:00:02.0", "i915-GVTg_V5_4", 9), (mdev.Name, mdev.Parent.ToString(), mdev.Type, mdev.IommuGroup));
        Assert.Same(mdev, host.FindMdevDevice(Guid.Parse(Uuid)));
        Assert.Null(host.FindMdevDevice(Guid.Empty));
        Assert.Equal(host.MdevDevices, HostJson.Parse(HostJson.Write(host)).MdevDevices);
    }

    /// <summary>An mdev's own ids and configuration space (what its VFIO config region reads) are optional, written back as given.</summary>
    [Fact]
    public void JsonMdevConfigurationIsReadAndWrittenBack()
    {
        const string Bare = "\"group\": 9 }";
        string json = WithMdev.Replace(Bare, """
            "group": 9, "vendor": "0x8086", "device": "0x3e93", "class": "0x030000", "subsystem_vendor": "0x8086", "subsystem_device": "0x2212",
            "irq_pin": 1, "bars": [ { "index": 0, "type": "memory", "size": "0x1000000", "64bit": true } ] }
            """, StringComparison.Ordinal);
        Assert.NotEqual(WithMdev, json);
        HostMdevDevice mdev = Assert.Single(HostJson.Parse(json, "m.json").MdevDevices);
        Assert.Equal(((ushort?)0x8086, (ushort?)0x3e93), (mdev.VendorId, mdev.DeviceId));
        Assert.Equal(new HostPciConfig(0x030000, 0, 0x8086, 0x2212, 1, [new HostPciBar(0, false, 0x1000000, false, true)]), mdev.Config);
        Assert.Equal(mdev, Assert.Single(HostJson.Parse(HostJson.Write(HostJson.Parse(json))).MdevDevices));

        HostMdevDevice bare = Assert.Single(HostJson.Parse(WithMdev).MdevDevices);
        Assert.Equal(((ushort?)null, (ushort?)null, (HostPciConfig?)null), (bare.VendorId, bare.DeviceId, bare.Config));
        Assert.Equal("m.json: $.mdevs[0].device: 0x10000 does not fit 16 bits",
            Assert.Throws<HostFormatException>(() => HostJson.Parse(WithMdev.Replace(Bare, "\"group\": 9, \"device\": \"0x10000\" }", StringComparison.Ordinal), "m.json")).Message);
        Assert.Equal("m.json: $.mdevs[0].irq_pin: is given without \"class\"",
            Assert.Throws<HostFormatException>(() => HostJson.Parse(WithMdev.Replace(Bare, "\"group\": 9, \"irq_pin\": 1 }", StringComparison.Ordinal), "m.json")).Message);
    }

    [Fact]
    public void HostWithoutMdevsWritesNoMdevsArray()
    {
        string withoutMdevs = System.Text.RegularExpressions.Regex.Replace(WithMdev, @",\s*""mdevs"": \[[^\]]*\]", "");
        Assert.Empty(HostJson.Parse(withoutMdevs).MdevDevices);
        Assert.DoesNotContain("mdevs", HostJson.Write(HostJson.Parse(withoutMdevs)));
    }

    [Theory]
    [InlineData("\"uuid\": \"83b8f4f2-509f-382f-3c1e-e6bfe0fa1001\"", "\"uuid\": \"83b8f4f2509f382f3c1ee6bfe0fa1001\"",
        "m.json: $.mdevs[0].uuid: \"83b8f4f2509f382f3c1ee6bfe0fa1001\" is not a UUID written xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")]
    [InlineData("\"parent\": \"0000:00:02.0\"", "\"parent\": \"0000:00:03.0\"",
        "m.json: mdev 83b8f4f2-509f-382f-3c1e-e6bfe0fa1001 names parent PCI device 0000:00:03.0, which is not described")]
    [InlineData("\"type\": \"i915-GVTg_V5_4\"", "\"type\": \"a/b\"", "m.json: $.mdevs[0].type: \"a/b\" is not a mdev type")]
    [InlineData("\"group\": 9 }", "\"group\": 8 }", "m.json: mdev 83b8f4f2-509f-382f-3c1e-e6bfe0fa1001 is in IOMMU group 8, which is not described")]
    [InlineData("\"group\": 9 }", "\"group\": 0 }", "m.json: mdev 83b8f4f2-509f-382f-3c1e-e6bfe0fa1001 is in IOMMU group 0, which PCI device 0000:00:02.0 is in too")]
    public void JsonMdevErrorsSayWhat(string good, string bad, string expected)
    {
        string json = WithMdev.Replace(good, bad);
        Assert.NotEqual(WithMdev, json);
        Assert.Equal(expected, Assert.Throws<HostFormatException>(() => HostJson.Parse(json, "m.json")).Message);
    }

    private void BuildGvtHost()
    {
        _tree.VtdUnit("dmar0", "fed90000", "1c0000c40660462", "19e2ff0505e");
        _tree.Write("bus/pci/devices/0000:00:02.0/vendor", "0x8086\n");
        _tree.Write("bus/pci/devices/0000:00:02.0/device", "0x3e92\n");
        _tree.Link("bus/pci/devices/0000:00:02.0/iommu_group", "../../../../kernel/iommu_groups/0");
        _tree.Link("bus/pci/devices/0000:00:02.0/iommu", "../../../../devices/virtual/iommu/dmar0");
        _tree.Write("kernel/iommu_groups/0/reserved_regions", "0x00000000fee00000 0x00000000feefffff msi\n");
        _tree.Write("kernel/iommu_groups/9/reserved_regions", "");
        _tree.Link($"bus/mdev/devices/{Uuid}/mdev_type", "../../../devices/pci0000:00/0000:00:02.0/mdev_supported_types/i915-GVTg_V5_4");
        _tree.Link($"bus/mdev/devices/{Uuid}/iommu_group", "../../../../kernel/iommu_groups/9");
    }

    [Fact]
    public void SysfsMdevIsReadFromItsLinks()
    {
        BuildGvtHost();
        HostMdevDevice mdev = Assert.Single(SysfsHost.Read(_tree.Root).MdevDevices);
        Assert.Equal((Uuid, "0000:00:02.0", "i915-GVTg_V5_4", 9), (mdev.Name, mdev.Parent.ToString(), mdev.Type, mdev.IommuGroup));
    }

    /// <summary>A simulated tree may give the mdev's configuration space in its directory, as a function's.</summary>
    [Fact]
    public void SysfsMdevConfigurationIsReadFromItsDirectory()
    {
        BuildGvtHost();
        Assert.Null(Assert.Single(SysfsHost.Read(_tree.Root).MdevDevices).Config);
        string dir = $"bus/mdev/devices/{Uuid}/";
        _tree.Write(dir + "vendor", "0x8086\n");
        _tree.Write(dir + "device", "0x3e93\n");
        _tree.Write(dir + "class", "0x030000\n");
        _tree.Write(dir + "revision", "0x02\n");
        _tree.Write(dir + "subsystem_vendor", "0x8086\n");
        _tree.Write(dir + "subsystem_device", "0x2212\n");
        _tree.Write(dir + "resource", "0x0000000000000000 0x0000000000ffffff 0x0000000000140204\n");
        var config = new byte[64];
        config[0x3d] = 1;
        System.IO.File.WriteAllBytes(System.IO.Path.Combine(_tree.Root, dir + "config"), config);
        HostMdevDevice mdev = Assert.Single(SysfsHost.Read(_tree.Root).MdevDevices);
        Assert.Equal(((ushort?)0x8086, (ushort?)0x3e93), (mdev.VendorId, mdev.DeviceId));
        Assert.Equal(new HostPciConfig(0x030000, 2, 0x8086, 0x2212, 1, [new HostPciBar(0, false, 0x1000000, false, true)]), mdev.Config);
    }

    [Fact]
    public void SysfsMdevTypeLinkMustNameItsParent()
    {
        BuildGvtHost();
        string link = System.IO.Path.Combine(_tree.Root, $"bus/mdev/devices/{Uuid}/mdev_type");
        System.IO.File.Delete(link);
        _tree.Write($"bus/mdev/devices/{Uuid}/mdev_type", "../../types/i915-GVTg_V5_4\n");
        Assert.Equal($"{link}: points to \"../../types/i915-GVTg_V5_4\", not PARENT/mdev_supported_types/TYPE",
            Assert.Throws<HostFormatException>(() => SysfsHost.Read(_tree.Root)).Message);
    }

    [Fact]
    public void SysfsMdevDirectoryMustBeAUuid()
    {
        BuildGvtHost();
        string bad = _tree.Write("bus/mdev/devices/not-a-uuid/iommu_group", "9\n");
        Assert.Equal($"{System.IO.Path.GetDirectoryName(bad)}: directory name \"not-a-uuid\" is not a UUID",
            Assert.Throws<HostFormatException>(() => SysfsHost.Read(_tree.Root)).Message);
    }

    [Fact]
    public void DefaultHostHasAnMdevOnItsT4()
    {
        HostMdevDevice mdev = Assert.Single(DefaultHost.Instance.MdevDevices);
        Assert.Equal((0x10de, 0x1eb8), (DefaultHost.Instance.FindDevice(mdev.Parent)!.VendorId, DefaultHost.Instance.FindDevice(mdev.Parent)!.DeviceId));
        Assert.Empty(DefaultHost.Instance.GetReservedRegions(mdev.IommuGroup));
    }
}
