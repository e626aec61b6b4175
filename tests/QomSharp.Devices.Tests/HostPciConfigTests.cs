using System.IO;
using System.Linq;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Tests;

/// <summary>
/// A host function's configuration (class, subsystem ids, interrupt pin, BARs, ROM size): read from
/// a fake sysfs tree and from JSON, written back, and refused with the file or JSON path when wrong.
/// </summary>
public sealed class HostPciConfigTests
{
    private const string Gpu = "bus/pci/devices/0000:98:00.0";

    // An H100-like function: BAR0 32-bit, BAR1 64-bit prefetchable (its upper half on line 3),
    // BAR3 64-bit prefetchable, a 512 KiB ROM, then SR-IOV lines that are not the function's own.
    private const string GpuResource =
        "0x00000000e2000000 0x00000000e2ffffff 0x0000000000040200\n" +
        "0x0000220000000000 0x0000221fffffffff 0x000000000014220c\n" +
        "0x0000000000000000 0x0000000000000000 0x0000000000000000\n" +
        "0x0000222000000000 0x0000222001ffffff 0x000000000014220c\n" +
        "0x0000000000000000 0x0000000000000000 0x0000000000000000\n" +
        "0x000000000000e000 0x000000000000e07f 0x0000000000040101\n" +
        "0x00000000e3000000 0x00000000e307ffff 0x0000000000046200\n" +
        "0x0000230000000000 0x00002300ffffffff 0x000000000014220c\n";

    private static void WriteGpu(FakeSysfsTree tree, string resource = GpuResource, byte pin = 1)
    {
        tree.VtdUnit("dmar2", "e0ffc000", "9ed008c40780466", "3ee9e86f050df");
        tree.Write("kernel/iommu_groups/52/reserved_regions", string.Empty);
        tree.PciDevice("0000:98:00.0", "0x10de", "0x2331", 52, "dmar2");
        tree.Write($"{Gpu}/class", "0x030200\n");
        tree.Write($"{Gpu}/revision", "0xa1\n");
        tree.Write($"{Gpu}/subsystem_vendor", "0x10de\n");
        tree.Write($"{Gpu}/subsystem_device", "0x1626\n");
        tree.Write($"{Gpu}/resource", resource);
        var config = new byte[64];
        config[0x3d] = pin;
        File.WriteAllBytes(Path.Combine(tree.Root, Gpu, "config"), config);
    }

    [Fact]
    public void SysfsGivesClassSubsystemPinBarsAndRom()
    {
        using var tree = new FakeSysfsTree();
        WriteGpu(tree);
        HostPciConfig config = Assert.Single(SysfsHost.Read(tree.Root).Devices).Config!;
        Assert.Equal((0x030200u, (byte)0xa1, (ushort)0x10de, (ushort)0x1626, (byte)1), (config.ClassCode, config.Revision, config.SubsystemVendorId, config.SubsystemId, config.InterruptPin));
        Assert.Equal(
            [new HostPciBar(0, false, 16 << 20), new HostPciBar(1, false, 128UL << 30, true, true), new HostPciBar(3, false, 32 << 20, true, true), new HostPciBar(5, true, 128)],
            config.Bars);
        Assert.Equal(512UL << 10, config.RomSize);
        Assert.Equal((ushort)0x0302, config.ClassAndSubclass);
    }

    [Fact]
    public void SysfsTreeWithoutClassFilesHasNoConfiguration()
    {
        using var tree = new FakeSysfsTree();
        tree.VtdUnit("dmar2", "e0ffc000", "9ed008c40780466", "3ee9e86f050df");
        tree.Write("kernel/iommu_groups/52/reserved_regions", string.Empty);
        tree.PciDevice("0000:98:00.0", "0x10de", "0x2331", 52, "dmar2");
        Assert.Null(Assert.Single(SysfsHost.Read(tree.Root).Devices).Config);
    }

    [Theory]
    [InlineData("0x1 0x2\n", "resource:1: expected \"start end flags\", got \"0x1 0x2\"")]
    [InlineData("0x2000 0x1000 0x200\n", "resource:1: end 0x1000 is below start 0x2000")]
    [InlineData("0x1000 0x1fff zz\n", "resource:1: \"zz\" is not a hexadecimal number")]
    [InlineData("0xe0000000 0xe0000fff 0x140200\n0xe0001000 0xe0001fff 0x200\n", "resource: BAR 1 overlaps another BAR")]
    [InlineData("0xe0000000 0xe00017ff 0x200\n", "resource: BAR 0: size 0x1800 is not a power of two of at least 16")]
    public void MalformedResourceFilesAreRefusedByName(string resource, string expected)
    {
        using var tree = new FakeSysfsTree();
        WriteGpu(tree, resource);
        var failure = Assert.Throws<HostFormatException>(() => SysfsHost.Read(tree.Root));
        Assert.EndsWith(expected, failure.Message, System.StringComparison.Ordinal);
        Assert.Contains(Gpu, failure.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void AnInterruptPinPastIntdIsRefused()
    {
        using var tree = new FakeSysfsTree();
        WriteGpu(tree, pin: 5);
        Assert.EndsWith("config: interrupt pin 5 is not 0 (none) to 4 (INTD)", Assert.Throws<HostFormatException>(() => SysfsHost.Read(tree.Root)).Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void SysfsConfigurationSurvivesACaptureToJson()
    {
        using var tree = new FakeSysfsTree();
        WriteGpu(tree);
        HostModel host = SysfsHost.Read(tree.Root);
        HostModel again = HostJson.Parse(HostJson.Write(host));
        Assert.Equal(host.Devices, again.Devices);
        Assert.NotNull(again.Devices[0].Config);
    }

    [Fact]
    public void EveryDeviceOfTheDefaultAndSampleHostsHasAValidConfiguration()
    {
        string samples = Path.Combine(Reference.RepositoryRoot(), "samples", "hosts");
        var hosts = Directory.GetFiles(samples, "*.json").Select(f => (IHost)HostJson.LoadFile(f)).Append(DefaultHost.Instance).ToList();
        Assert.Equal(4, hosts.Count);
        foreach (IHost host in hosts)
        {
            Assert.All(host.Devices, d => Assert.Null(Assert.IsType<HostPciConfig>(d.Config).Problem()));
            Assert.Equal(host.Devices, HostJson.Parse(HostJson.Write(host)).Devices);
        }

        // The default host's GPU as lspci shows an H100 PCIe.
        HostPciConfig h100 = DefaultHost.Instance.Devices.Single(d => d.Address.ToString() == "0000:98:00.0").Config!;
        Assert.Equal((0x0302, 1, 512UL << 10), (h100.ClassAndSubclass, (int)h100.InterruptPin, h100.RomSize));
        Assert.Contains(new HostPciBar(1, false, 128UL << 30, true, true), h100.Bars);
    }

    private const string Device = """
        { "iommus": [], "groups": [], "devices": [ { "address": "0000:01:00.0", "vendor": "0x8086", "device": "0x125c" FIELDS } ] }
        """;

    [Fact]
    public void JsonWithOnlyAClassDefaultsTheRest()
    {
        HostPciConfig config = Assert.Single(HostJson.Parse(Device.Replace(" FIELDS", ", \"class\": \"0x020000\"", System.StringComparison.Ordinal)).Devices).Config!;
        Assert.Equal(new HostPciConfig(0x020000, 0, 0, 0, 0, []), config);
        Assert.Null(Assert.Single(HostJson.Parse(Device.Replace(" FIELDS", string.Empty, System.StringComparison.Ordinal)).Devices).Config);
    }

    [Theory]
    [InlineData(", \"bars\": []", "$.devices[0].bars: is given without \"class\"")]
    [InlineData(", \"class\": \"0x1000000\"", "$.devices[0].class: 0x1000000 does not fit 24 bits")]
    [InlineData(", \"class\": \"0x020000\", \"revision\": \"0x100\"", "$.devices[0].revision: 0x100 is larger than 0xff")]
    [InlineData(", \"class\": \"0x020000\", \"irq_pin\": 5", "$.devices[0].irq_pin: 5 is not 0 (none) to 4 (INTD)")]
    [InlineData(", \"class\": \"0x020000\", \"bars\": [{ \"index\": 0, \"type\": \"rom\", \"size\": \"0x1000\" }]", "$.devices[0].bars[0].type: unknown BAR type \"rom\" (expected \"memory\" or \"io\")")]
    [InlineData(", \"class\": \"0x020000\", \"bars\": [{ \"index\": 6, \"type\": \"memory\", \"size\": \"0x1000\" }]", "$.devices[0].bars[0]: BAR index 6 is not 0 to 5")]
    [InlineData(", \"class\": \"0x020000\", \"bars\": [{ \"index\": 0, \"type\": \"io\", \"size\": \"0x20\", \"prefetch\": true }]", "$.devices[0].bars[0]: an I/O BAR is neither prefetchable nor 64-bit")]
    [InlineData(", \"class\": \"0x020000\", \"bars\": [{ \"index\": 5, \"type\": \"memory\", \"size\": \"0x1000\", \"64bit\": true }]", "$.devices[0].bars[0]: a 64-bit BAR needs the register after it, and BAR 5 is the last")]
    [InlineData(", \"class\": \"0x020000\", \"bars\": [{ \"index\": 0, \"type\": \"memory\", \"size\": \"0x1000\", \"64bit\": true }, { \"index\": 1, \"type\": \"io\", \"size\": \"0x20\" }]", "$.devices[0]: BAR 1 overlaps another BAR")]
    [InlineData(", \"class\": \"0x020000\", \"bars\": [{ \"index\": 0, \"type\": \"memory\", \"size\": \"0x1000\", \"prefetch\": 1 }]", "$.devices[0].bars[0].prefetch: expected true or false, got the number 1")]
    [InlineData(", \"class\": \"0x020000\", \"rom_size\": \"0x1800\"", "$.devices[0]: ROM size 0x1800 is not a power of two from 2 KiB to 2 GiB")]
    public void JsonConfigurationErrorsNameThePath(string fields, string expected)
    {
        var failure = Assert.Throws<HostFormatException>(() => HostJson.Parse(Device.Replace(" FIELDS", fields, System.StringComparison.Ordinal), "h.json"));
        Assert.Equal("h.json: " + expected, failure.Message);
    }
}
