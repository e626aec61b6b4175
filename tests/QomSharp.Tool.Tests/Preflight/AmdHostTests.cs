using System.Text.Json.Nodes;

namespace QomSharp.Tool.Tests.Preflight;

/// <summary>An AMD-Vi server (samples/hosts/amd-epyc.json): listed with its own registers, and checked.</summary>
public sealed class AmdHostTests
{
    private static readonly string AmdHost = RepositoryFiles.PathOf("samples/hosts/amd-epyc.json");

    [Fact]
    public void TheTextListsAmdViUnitsByTheirOwnRegisters()
    {
        var run = ToolRun.Of("-host", AmdHost, "-host-info", "text");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("  ivhd0  AMD-Vi  cap 0x190b640f efr 0x25bf732fa2295afe efr2 0x53\n", run.Output);
        Assert.Contains("    widths: host page tables 6-level, VFIO domain 64-bit; page size mask 0xffffff7ffffff000\n", run.Output);
        Assert.DoesNotContain("VT-d", run.Output);
    }

    [Fact]
    public void TheJsonGivesAmdViUnitsTheirTypeAndWidths()
    {
        var run = ToolRun.Of("-host", AmdHost, "-host-info", "json");
        Assert.Equal(0, run.ExitCode);
        var units = JsonNode.Parse(run.Output)!["iommu_units"]!.AsArray();
        Assert.All(units, u => Assert.Equal("amd-vi", (string?)u!["type"]));
        Assert.Equal(6, (int)units[0]!["host_page_table_levels"]!);
        Assert.Equal(64, (int)units[0]!["domain_width"]!);
        Assert.Null(units[0]!["ecap"]);
    }

    [Fact]
    public void AnAssignedFunctionOfAnAmdHostFitsAndShowsItsHostWidth()
    {
        var (run, verdict) = PreflightRun.Json("-host", AmdHost, "-device", "intel-iommu,caching-mode=on", "-device", "vfio-pci,host=c1:00.0,id=gpu");
        Assert.Equal(0, run.ExitCode);
        JsonObject gpu = verdict.Device("gpu");
        Assert.Equal(64, (int)gpu["host_aw_bits"]!);
        Assert.Equal("pass", gpu.Check("aw-bits"));
    }

    [Fact]
    public void TheNvmeDiskOnItsKernelDriverDoesNotFit()
    {
        var (run, verdict) = PreflightRun.Json("-host", AmdHost, "-device", "intel-iommu,caching-mode=on", "-device", "vfio-pci,host=e1:00.0,id=disk");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("fail", verdict.Device("disk").Check("vfio-node"));
    }

    [Fact]
    public void AVirtioIommuShowsItsOwnAddressWidthAgainstTheHosts()
    {
        var (run, verdict) = PreflightRun.Json("-host", AmdHost, "-device", "virtio-iommu-pci,aw-bits=48", "-device", "vfio-pci,host=c1:00.0,id=gpu");
        Assert.Equal(0, run.ExitCode);
        JsonObject gpu = verdict.Device("gpu");
        Assert.Equal("virtio-iommu-pci", (string?)gpu["viommu"]);
        Assert.Equal(48, (int)gpu["viommu_aw_bits"]!);
        Assert.Equal(64, (int)gpu["host_aw_bits"]!);
    }
}
