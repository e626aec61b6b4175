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
