using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Pci;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Devices.Vfio;
using QomSharp.Monitor;

namespace QomSharp.Devices.Tests.Vfio;

/// <summary>
/// What the guest sees of an assigned function: the host model's ids, class, pin and BARs through
/// query-pci, info pci and info qtree; the x-pci-*-id overrides and their realize checks; the ROM
/// BAR from the host ROM, romfile and rombar, with QEMU 10.0's denylist; failover on a host NIC.
/// </summary>
public sealed class VfioPciIdentityTests : System.IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("qomsharp-vfioid-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static JsonObject Function(ToolRun run, string id)
    {
        var reply = QmpTranscript.Run(run.Context, """{"execute": "query-pci"}""")[0]["return"]!.AsArray();
        return reply.SelectMany(b => b!["devices"]!.AsArray()).Single(d => d!["qdev_id"]!.GetValue<string>() == id)!.AsObject();
    }

    private static string Hmp(ToolRun run, string command) =>
        QmpTranscript.Run(run.Context, "{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": \"" + command + "\"}}")[0]["return"]!.GetValue<string>();

    [Fact]
    public void TheHostGpuIsListedWithItsClassIdsPinAndBars()
    {
        var run = ToolRun.Of("-device", "vfio-pci,host=98:00.0,id=gpu,addr=4");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        var expected = JsonNode.Parse("""
            {"bus": 0, "slot": 4, "function": 0, "class_info": {"desc": "3D controller", "class": 770},
             "id": {"device": 9009, "vendor": 4318, "subsystem": 5670, "subsystem-vendor": 4318}, "irq": 0, "irq_pin": 1, "qdev_id": "gpu",
             "regions": [{"bar": 0, "type": "memory", "address": -1, "size": 16777216, "prefetch": false, "mem_type_64": false},
                         {"bar": 1, "type": "memory", "address": -1, "size": 137438953472, "prefetch": true, "mem_type_64": true},
                         {"bar": 3, "type": "memory", "address": -1, "size": 33554432, "prefetch": true, "mem_type_64": true},
                         {"bar": 6, "type": "memory", "address": -1, "size": 524288, "prefetch": false, "mem_type_64": false}]}
            """);
        Assert.True(JsonNode.DeepEquals(expected, Function(run, "gpu")), Function(run, "gpu").ToJsonString());

        Assert.Contains(
            "  Bus  0, device   4, function 0:\r\n    3D controller: PCI device 10de:2331\r\n      PCI subsystem 10de:1626\r\n      IRQ 0, pin A\r\n"
            + "      BAR0: 32 bit memory (not mapped)\r\n      BAR1: 64 bit prefetchable memory (not mapped)\r\n      BAR3: 64 bit prefetchable memory (not mapped)\r\n"
            + "      BAR6: 32 bit memory (not mapped)\r\n      id \"gpu\"\r\n",
            Hmp(run, "info pci"), System.StringComparison.Ordinal);
        Assert.Contains(
            "class 3D controller, addr 00:04.0, pci id 10de:2331 (sub 10de:1626)\r\n            bar 0: mem at 0xffffffffffffffff [0xfffffe]\r\n"
            + "            bar 1: mem at 0xffffffffffffffff [0x1ffffffffe]\r\n            bar 3: mem at 0xffffffffffffffff [0x1fffffe]\r\n"
            + "            bar 6: mem at 0xffffffffffffffff [0x7fffe]\r\n",
            Hmp(run, "info qtree").Replace("\r\n        ", "\r\n            ", System.StringComparison.Ordinal), System.StringComparison.Ordinal);
    }

    [Fact]
    public void OverridesReplaceTheIdsTheGuestSees()
    {
        var run = ToolRun.Of("-device", "vfio-pci,host=31:00.1,id=nic,x-pci-vendor-id=0x1af4,x-pci-device-id=0x1041,x-pci-sub-vendor-id=0,x-pci-sub-device-id=0xffff");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        var nic = Function(run, "nic");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"device": 4161, "vendor": 6900, "subsystem": 65535, "subsystem-vendor": 0}"""), nic["id"]), nic.ToJsonString());
        Assert.Equal(2, nic["irq_pin"]!.GetValue<int>());
        Assert.Equal(new PciIds(0x1af4, 0x1041, 0, 0xffff), run.Resolve<VfioPci>("/machine/peripheral/nic").GuestIds);
    }

    [Theory]
    [InlineData("x-pci-vendor-id=0xffff", "invalid PCI vendor ID provided")]
    [InlineData("x-pci-vendor-id=0x10000", "invalid PCI vendor ID provided")]
    [InlineData("x-pci-device-id=0x10000", "invalid PCI device ID provided")]
    [InlineData("x-pci-sub-vendor-id=0x10000", "invalid PCI subsystem vendor ID provided")]
    [InlineData("x-pci-sub-device-id=0x10000", "invalid PCI subsystem device ID provided")]
    [InlineData("x-pci-device-id=0x10000,x-pci-vendor-id=0xffff", "invalid PCI vendor ID provided")]
    public void OutOfRangeOverridesFailRealizeAfterTheDeviceIsOpened(string overrides, string message)
    {
        string option = "vfio-pci,host=98:00.0," + overrides;
        var run = ToolRun.Of("-device", option);
        Assert.Equal((1, ToolRun.Refusal(option, "vfio 0000:98:00.0: " + message)), (run.ExitCode, run.Error));
    }

    [Fact]
    public void DeviceIdFfffIsAllowedButNotVendorIdFfff()
    {
        var run = ToolRun.Of("-device", "vfio-pci,host=98:00.0,id=gpu,x-pci-device-id=0xffff");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(0xffff, Function(run, "gpu")["id"]!["device"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("", 524288)]
    [InlineData(",rombar=1", 524288)]
    [InlineData(",rombar=0", 0)]
    [InlineData(",romfile=", 0)]
    public void TheRomBarIsTheHostRomsUnlessRomfileOrRombarSayOtherwise(string rom, long size)
    {
        var run = ToolRun.Of("-device", "vfio-pci,host=98:00.0,id=gpu" + rom);
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        var bar6 = Function(run, "gpu")["regions"]!.AsArray().Where(r => r!["bar"]!.GetValue<int>() == 6).Select(r => r!["size"]!.GetValue<long>());
        Assert.Equal(size == 0 ? [] : [size], bar6);
    }

    [Fact]
    public void ARomfileFoundThroughTheFirmwareDirectoriesSizesTheRomBar()
    {
        File.WriteAllBytes(Path.Combine(directory, "gpu.rom"), new byte[70000]);
        var run = ToolRun.Of("-L", directory, "-device", "vfio-pci,host=98:00.0,id=gpu,romfile=gpu.rom");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        Assert.Equal(131072, Function(run, "gpu")["regions"]!.AsArray().Single(r => r!["bar"]!.GetValue<int>() == 6)!["size"]!.GetValue<long>());

        var missing = ToolRun.Of("-device", "vfio-pci,host=98:00.0,romfile=gpu.rom");
        Assert.Equal(ToolRun.Refusal("vfio-pci,host=98:00.0,romfile=gpu.rom", "failed to find romfile \"gpu.rom\""), missing.Error);
    }

    // A BCM57810 on a host of its own: QEMU does not expose its ROM unless rombar is positive.
    private string DenylistedHost()
    {
        string path = Path.Combine(directory, "bcm.json");
        File.WriteAllText(path, """
            { "iommus": [ { "name": "dmar0", "version": "6:0", "address": "0xaa3fc000", "cap": "0x9ed008c40780466", "ecap": "0x3ee9e86f050df" } ],
              "groups": [ { "id": 3, "reserved_regions": [] } ],
              "devices": [ { "address": "0000:05:00.0", "vendor": "0x14e4", "device": "0x168e", "group": 3, "iommu": "dmar0", "driver": "vfio-pci",
                             "class": "0x020000", "revision": "0x10", "subsystem_vendor": "0x14e4", "subsystem_device": "0x1006", "irq_pin": 1,
                             "bars": [ { "index": 0, "type": "memory", "size": "0x800000", "prefetch": true, "64bit": true } ], "rom_size": "0x40000" } ] }
            """);
        return path;
    }

    [Theory]
    [InlineData("", false, "Rom loading for device at 0000:05:00.0 has been disabled due to system instability issues\nSpecify rombar=1 or romfile to force\n")]
    [InlineData(",rombar=1", true, "Device at 0000:05:00.0 is known to cause system instability issues during option rom execution\nProceeding anyway since user specified positive value for rombar\n")]
    [InlineData(",romfile=", false, "Device at 0000:05:00.0 is known to cause system instability issues during option rom execution\nProceeding anyway since user specified romfile\n")]
    [InlineData(",rombar=0", false, null)]
    public void ADenylistedFunctionsRomIsExposedOnlyWhenAskedFor(string rom, bool exposed, string? warning)
    {
        // Printed while the -device is added, so with the option as QEMU's location gives it.
        var run = ToolRun.Of("-host", DenylistedHost(), "-device", "vfio-pci,host=05:00.0,id=nic" + rom);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(warning is null ? string.Empty : $"qomsharp: -device vfio-pci,host=05:00.0,id=nic{rom}: warning: " + warning, run.Error);
        Assert.Equal(exposed, Function(run, "nic")["regions"]!.AsArray().Any(r => r!["bar"]!.GetValue<int>() == 6));
    }

    [Fact]
    public void AnAssignedNicCanBeAFailoverPrimaryButAGpuCannot()
    {
        var nic = ToolRun.Of("-device", "pcie-root-port,id=rp0,chassis=1", "-device", "vfio-pci,host=4b:00.0,id=nic,bus=rp0,failover_pair_id=net0");
        Assert.Equal((0, string.Empty), (nic.ExitCode, nic.Error));

        string gpu = "vfio-pci,host=98:00.0,bus=rp0,failover_pair_id=net0";
        var refused = ToolRun.Of("-device", "pcie-root-port,id=rp0,chassis=1", "-device", gpu);
        Assert.Equal(ToolRun.Refusal(gpu, "failover primary device is not an Ethernet device"), refused.Error);

        string function1 = "vfio-pci,host=4b:00.1,addr=2.1,failover_pair_id=net0";
        var notAlone = ToolRun.Of("-device", function1);
        Assert.Equal(ToolRun.Refusal(function1, "failover: primary device must be in its own PCI slot"), notAlone.Error);
    }

    [Fact]
    public void AFunctionWithoutConfigurationInTheHostShowsItsIdsAlone()
    {
        var hosts = new VfioHosts();
        try
        {
            var run = ToolRun.Of("-host", hosts.Host39, "-device", "vfio-pci,host=01:00.0,id=nic");
            Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
            var nic = Function(run, "nic");
            Assert.Equal((0, 0x8086, 0x125c, 0), (nic["class_info"]!["class"]!.GetValue<int>(), nic["id"]!["vendor"]!.GetValue<int>(), nic["id"]!["device"]!.GetValue<int>(), nic["regions"]!.AsArray().Count));
        }
        finally
        {
            hosts.Dispose();
        }
    }
}
