using System.IO;
using System.Linq;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Tests.Vdpa;

/// <summary>vDPA devices in the host model: JSON (read, write, errors), sysfs, the default IOVA range, the default host's one.</summary>
public sealed class HostVdpaTests : System.IDisposable
{
    private readonly FakeSysfsTree tree = new();

    public void Dispose() => tree.Dispose();

    [Fact]
    public void DefaultHostHasOneVdpaDeviceOnItsIfcVf()
    {
        HostVdpaDevice vdpa = Assert.Single(DefaultHost.Instance.VdpaDevices);
        Assert.Equal(("vdpa0", "0000:cb:00.0", "/dev/vhost-vdpa-0", 1u, 3u, (ushort)256), (vdpa.Name, vdpa.Parent.ToString(), vdpa.VhostPath, vdpa.VirtioDeviceId, vdpa.QueueCount, vdpa.MaxQueueSize));
        HostPciDevice parent = DefaultHost.Instance.FindDevice(vdpa.Parent)!;
        Assert.Equal((72, "dmar3", (ushort)0x1af4, (ushort)0x1041, "ifcvf"), (parent.IommuGroup, parent.IommuUnit, parent.VendorId, parent.DeviceId, parent.Driver));

        // No range in the description: the parent's unit aperture (SAGAW 4-level: 48 bits).
        Assert.Equal(new IovaRange(0, 0xffff_ffff_ffff), vdpa.IovaRange);
        Assert.Same(vdpa, DefaultHost.Instance.FindVdpaDeviceByVhostPath("/dev/vhost-vdpa-0"));
        Assert.Null(DefaultHost.Instance.FindVdpaDeviceByVhostPath("/dev/vhost-vdpa-1"));
    }

    [Fact]
    public void JsonRoundTripsVdpaDevicesWithTheirResolvedRanges()
    {
        HostModel host = HostJson.Parse(VhostVdpaReference.ClientJson, "client.json");
        Assert.Equal(["vdpa0", "vdpa1", "vdpa2", "vdpa3", "vdpa4"], host.VdpaDevices.Select(v => v.Name));
        Assert.Equal(new IovaRange(0, 0x7f_ffff_ffff), host.VdpaDevices[0].IovaRange);
        Assert.Equal(new IovaRange(0x1000, 0xf_ffff_ffff), host.VdpaDevices[1].IovaRange);
        Assert.Equal(new IovaRange(0, ulong.MaxValue), host.VdpaDevices[3].IovaRange);
        Assert.Null(host.VdpaDevices[3].VhostPath);

        string written = HostJson.Write(host);
        Assert.Contains("""
              "vdpa": [
                {
                  "name": "vdpa0",
                  "parent": "0000:01:00.0",
                  "vhost": "vhost-vdpa-0",
                  "virtio_id": 1,
                  "queues": 3,
                  "max_queue_size": 256,
                  "iova_first": "0x0",
                  "iova_last": "0x7fffffffff"
                },
            """.ReplaceLineEndings("\n"), written.ReplaceLineEndings("\n"));
        Assert.Equal(host.VdpaDevices, HostJson.Parse(written).VdpaDevices);
    }

    [Fact]
    public void HostWithoutVdpaWritesNoVdpaArray() =>
        Assert.DoesNotContain("vdpa", HostJson.Write(HostJson.Parse("""{ "iommus": [], "groups": [], "devices": [] }""")));

    [Theory]
    [InlineData("""{ "name": "v", "parent": "01:00.0", "iova_first": "0x0" }""", "x.json: $.vdpa[0]: iova_first and iova_last are given together or not at all")]
    [InlineData("""{ "name": "v", "parent": "01:00.0", "iova_first": "0x10", "iova_last": "0xf" }""", "x.json: $.vdpa[0].iova_last: 0xf is below iova_first 0x10")]
    [InlineData("""{ "name": "v", "parent": "01:00.9" }""", "x.json: $.vdpa[0].parent: \"01:00.9\" is not a PCI address [DDDD:]BB:DD.F")]
    [InlineData("""{ "name": "v", "parent": "02:00.0" }""", "x.json: vDPA device 'v' has parent 0000:02:00.0, which is not described")]
    [InlineData("""{ "name": "", "parent": "01:00.0" }""", "x.json: $.vdpa[0].name: is empty")]
    [InlineData("""{ "name": "v", "parent": "01:00.0", "vhost": "/dev/vhost-vdpa-0" }""", "x.json: $.vdpa[0].vhost: \"/dev/vhost-vdpa-0\" is not a character device name such as \"vhost-vdpa-0\"")]
    [InlineData("""{ "name": "v", "parent": "01:00.0", "max_queue_size": 65536 }""", "x.json: $.vdpa[0].max_queue_size: 65536 does not fit 16 bits")]
    [InlineData("""{ "name": "v", "parent": "01:00.0", "queues": -1 }""", "x.json: $.vdpa[0].queues: expected a non-negative integer, got the number -1")]
    [InlineData("""{ "name": "v", "parent": "01:00.0" }, { "name": "v", "parent": "01:00.0" }""", "x.json: vDPA device 'v' is described twice")]
    [InlineData("""{ "name": "v", "parent": "01:00.0", "vhost": "vhost-vdpa-0" }, { "name": "w", "parent": "01:00.0", "vhost": "vhost-vdpa-0" }""", "x.json: vDPA devices 'v' and 'w' both have vhost-vdpa-0")]
    public void BadVdpaEntriesAreRefusedByPath(string entries, string message)
    {
        string json = $$"""{ "iommus": [], "groups": [], "devices": [ { "address": "01:00.0", "vendor": "0x1af4", "device": "0x1041" } ], "vdpa": [ {{entries}} ] }""";
        Assert.Equal(message, Assert.Throws<HostFormatException>(() => HostJson.Parse(json, "x.json")).Message);
    }

    [Fact]
    public void SysfsVdpaDeviceIsFoundBelowItsParentFunction()
    {
        tree.VtdUnit("dmar0", "c5ffc000", "9ed008c40780466", "3ee9e86f050df");
        tree.PciDevice("0000:ca:00.0", "0x1af4", "0x1041", 70, "dmar0");
        tree.Write("kernel/iommu_groups/70/reserved_regions", "0x00000000fee00000 0x00000000feefffff msi\n");
        tree.Write("devices/pci0000:c9/0000:c9:01.0/0000:ca:00.0/vdpa0/vhost-vdpa-0/dev", "511:0\n");
        tree.Write("devices/pci0000:c9/0000:c9:01.0/0000:ca:00.0/vdpa1/driver_override", "\n");
        tree.Link("bus/vdpa/devices/vdpa0", "../../../devices/pci0000:c9/0000:c9:01.0/0000:ca:00.0/vdpa0");
        tree.Link("bus/vdpa/devices/vdpa1", "../../../devices/pci0000:c9/0000:c9:01.0/0000:ca:00.0/vdpa1");

        HostModel host = SysfsHost.Read(tree.Root);
        Assert.Equal(2, host.VdpaDevices.Count);
        HostVdpaDevice vdpa0 = host.VdpaDevices[0];
        Assert.Equal(("vdpa0", "0000:ca:00.0", "vhost-vdpa-0"), (vdpa0.Name, vdpa0.Parent.ToString(), vdpa0.VhostDevice));
        Assert.Equal(new IovaRange(0, 0xffff_ffff_ffff), vdpa0.IovaRange);
        Assert.Equal(70, host.FindDevice(vdpa0.Parent)!.IommuGroup);
        Assert.Null(host.VdpaDevices[1].VhostDevice);
    }

    [Fact]
    public void SysfsCopiedWithoutLinksNamesTheParentInADeviceFile()
    {
        tree.Write("bus/pci/devices/0000:00:1f.0/vendor", "0x8086\n");
        tree.Write("bus/pci/devices/0000:00:1f.0/device", "0x7a06\n");
        tree.Write("bus/vdpa/devices/vdpa3/device", "../../../devices/pci0000:00/0000:00:1f.0\n");
        tree.Write("bus/vdpa/devices/vdpa3/vhost-vdpa-3/dev", "511:3\n");
        HostVdpaDevice vdpa = Assert.Single(SysfsHost.Read(tree.Root).VdpaDevices);
        Assert.Equal(("0000:00:1f.0", "/dev/vhost-vdpa-3"), (vdpa.Parent.ToString(), vdpa.VhostPath));
        Assert.Equal(new IovaRange(0, ulong.MaxValue), vdpa.IovaRange);
    }

    [Fact]
    public void SysfsVdpaLinkLeadingOutOfRootIsRefused()
    {
        string elsewhere = Directory.CreateTempSubdirectory("qomsharp-outside-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(elsewhere, "0000:01:00.0", "vdpa0", "vhost-vdpa-0"));
            tree.Link("bus/vdpa/devices/vdpa0", Path.Combine(elsewhere, "0000:01:00.0", "vdpa0"));
            Assert.Equal($"leads outside {tree.Root}", Assert.Throws<HostFormatException>(() => SysfsHost.Read(tree.Root)).Problem);
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public void SysfsVdpaDeviceWithoutParentIsNamed()
    {
        string entry = Path.GetDirectoryName(tree.Write("bus/vdpa/devices/vdpa0/uevent", "\n"))!;
        Assert.Equal($"{entry}: names no parent device (neither a link nor a device entry)", Assert.Throws<HostFormatException>(() => SysfsHost.Read(tree.Root)).Message);
        tree.Write("bus/vdpa/devices/vdpa0/device", "../../../devices/platform/vdpa_sim\n");
        Assert.Equal($"{entry}: parent \"vdpa_sim\" is not a PCI function", Assert.Throws<HostFormatException>(() => SysfsHost.Read(tree.Root)).Message);
    }
}
