using System.IO;
using System.Text.Json.Nodes;
using QomSharp.Devices.Host;

namespace QomSharp.Tool.Tests.Preflight;

/// <summary>-host-info lists the host; -host-capture writes it as a host description that reads back the same.</summary>
public sealed class HostInfoTests
{
    [Fact]
    public void TheTextListsUnitsGroupsAndFunctions()
    {
        var run = ToolRun.Of("-host-info", "text");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("  dmar2  VT-d 6:0 at 0xe0ffc000  cap 0x9ed008c40780466 ecap 0x3ee9e86f050df\n", run.Output);
        Assert.Contains("    widths: MGAW 57, page tables 48-bit, VFIO domain 48-bit; pages 4KiB 2MiB 1GiB\n", run.Output);
        Assert.Contains("  30: 0000:31:00.0 0000:31:00.1\n    reserved 0x6f800000-0x6f80ffff direct\n", run.Output);
        Assert.Contains("  0000:98:00.0 [10de:2331] driver vfio-pci, group 52, dmar2, host aw-bits 48  NVIDIA H100 PCIe\n", run.Output);
    }

    [Fact]
    public void EachFunctionShowsWhatTheGuestSeesAndTheBarsItMaps()
    {
        var run = ToolRun.Of("-host-info", "text");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("NVIDIA H100 PCIe\n    class 0x0302 (3D controller), rev 0xa1, subsystem 10de:1626, pin A; "
            + "BAR0 16 MiB, BAR1 128 GiB 64-bit prefetchable, BAR3 32 MiB 64-bit prefetchable, ROM 512 KiB\n", run.Output);
        Assert.Contains("    class 0x0300 (VGA controller), rev 0x52, subsystem 1a03:2000, pin A; BAR0 64 MiB, BAR1 256 KiB, BAR2 128 B I/O\n", run.Output);
        Assert.Contains("(ifcvf vDPA parent)\n    class 0x0200 (Ethernet controller), rev 0x01, subsystem 8086:001a, no pin; ", run.Output);
    }

    [Fact]
    public void TheJsonGivesEachFunctionItsConfigurationAsTheHostDescriptionWritesIt()
    {
        var run = ToolRun.Of("-host-info", "json");
        Assert.Equal(0, run.ExitCode);
        var h100 = JsonNode.Parse(run.Output)!["devices"]!.AsArray().Single(d => (string?)d!["address"] == "0000:98:00.0")!;
        Assert.Equal("0x030200", (string?)h100["class"]);
        Assert.Equal("0xa1", (string?)h100["revision"]);
        Assert.Equal(1, (int)h100["irq_pin"]!);
        Assert.Equal("0x80000", (string?)h100["rom_size"]);
        var bar1 = h100["bars"]!.AsArray().Single(b => (int)b!["index"]! == 1)!;
        Assert.Equal("0x2000000000", (string?)bar1["size"]);
        Assert.True((bool)bar1["64bit"]!);
        Assert.True((bool)bar1["prefetch"]!);
    }

    [Fact]
    public void TheJsonDecodesEachUnitAndGivesEachFunctionItsHostAwBits()
    {
        var run = ToolRun.Of("-host", RepositoryFiles.PathOf("samples/hosts/client-39bit.json"), "-host-info", "json");
        Assert.Equal(0, run.ExitCode);
        var info = JsonNode.Parse(run.Output)!.AsObject();
        var dmar0 = info["iommu_units"]![0]!;
        Assert.Equal(39, (int)dmar0["mgaw"]!);
        Assert.Equal(39, (int)dmar0["domain_width"]!);
        Assert.False((bool)dmar0["scalable_mode"]!);
        var devices = info["devices"]!.AsArray();
        Assert.Equal(39, (int)devices.Single(d => (string?)d!["address"] == "0000:01:00.0")!["host_aw_bits"]!);
        Assert.Null(devices.Single(d => (string?)d!["address"] == "0000:00:1f.0")!["host_aw_bits"]);
        Assert.Equal([0, 14, 16], info["groups"]!.AsArray().Select(g => (int)g!["id"]!).ToArray());
    }

    [Fact]
    public void AnUnknownFormIsRefused()
    {
        var run = ToolRun.Of("-host-info", "yaml");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("qomsharp: -host-info yaml: expected text or json\n", run.Error);
    }

    [Fact]
    public void ACapturedHostReadsBackAsTheSameHost()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("qomsharp-capture-").FullName, "host.json");
        try
        {
            var run = ToolRun.Of("-host-capture", file);
            Assert.Equal(0, run.ExitCode);
            Assert.Equal($"{file}: 4 IOMMU units, 9 groups, 9 PCI functions, 1 mediated device, 1 vDPA device\n", run.Output);
            HostModel captured = HostJson.LoadFile(file);
            HostModel original = DefaultHost.Instance;
            Assert.Equal(original.Devices, captured.Devices);
            Assert.Equal(original.IommuUnits, captured.IommuUnits);
            Assert.Equal(original.MdevDevices, captured.MdevDevices);
            Assert.Equal(original.VdpaDevices, captured.VdpaDevices);
            Assert.All(original.IommuGroups, g => Assert.Equal(original.GetReservedRegions(g), captured.GetReservedRegions(g)));

            // And a preflight against the captured host answers as against the original.
            var against = ToolRun.Of("-preflight", "-host", file, "-machine", "q35", "-device", "intel-iommu,caching-mode=on", "-device", "vfio-pci,host=98:00.0");
            Assert.Equal(0, against.ExitCode);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, true);
        }
    }

    [Fact]
    public void ACaptureThatCannotBeWrittenFails()
    {
        var run = ToolRun.Of("-host-capture", "/nonexistent-dir/host.json");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("qomsharp: -host-capture /nonexistent-dir/host.json: ", run.Error);
    }
}
