using System;
using System.IO;
using System.Text.Json.Nodes;
using QomSharp.Devices.Host;

namespace QomSharp.Tool.Tests.Preflight;

/// <summary>-preflight -host DIR: one configuration against every captured host, as a table and a JSON array.</summary>
public sealed class FleetTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qomsharp-fleet-").FullName;

    public FleetTests()
    {
        File.WriteAllText(Path.Combine(_folder, "a-default.json"), DefaultHost.ReadJson());
        File.Copy(RepositoryFiles.PathOf("samples/hosts/client-39bit.json"), Path.Combine(_folder, "b-client-39bit.json"));
        File.WriteAllText(Path.Combine(_folder, "c-broken.json"), "{ \"iommus\": [");
        File.WriteAllText(Path.Combine(_folder, "notes.txt"), "not a host");
    }

    public void Dispose() => Directory.Delete(_folder, true);

    private static readonly string[] NvmeVm = ["-machine", "q35", "-device", "intel-iommu,aw-bits=48,caching-mode=on", "-device", "vfio-pci,host=b1:00.0,id=nvme"];

    [Fact]
    public void TheTableHasOneRowPerHostWithItsVerdictAndReason()
    {
        var run = ToolRun.Of(["-preflight", "-host", _folder, .. NvmeVm]);
        Assert.Equal(2, run.ExitCode);
        string[] lines = run.Output.TrimEnd('\n').Split('\n');
        Assert.Equal("host" + new string(' ', 17) + "verdict" + new string(' ', 10) + "reason", lines[0]);
        Assert.Equal("a-default.json" + new string(' ', 7) + "fits" + new string(' ', 13) + "fits", lines[1]);
        Assert.StartsWith("b-client-39bit.json  does-not-fit     -device vfio-pci,host=b1:00.0,id=nvme: vfio /sys/bus/pci/devices/0000:b1:00.0: no such host device", lines[2]);
        Assert.StartsWith("c-broken.json" + new string(' ', 8) + "could-not-check  ", lines[3]);
        Assert.Equal("fits on 1 of 3 hosts", lines[4]);
    }

    [Fact]
    public void TheJsonArrayHasOneReportPerHost()
    {
        var run = ToolRun.Of(["-preflight", "-verdict", "json", "-host", _folder, "-machine", "q35", "-device", "intel-iommu,aw-bits=48,caching-mode=on", "-device", "vfio-pci,host=01:00.0,id=ssd"]);
        var reports = JsonNode.Parse(run.Output)!.AsArray();
        Assert.Equal(["a-default.json", "b-client-39bit.json", "c-broken.json"], reports.Select(r => (string)r!["host_file"]!).ToArray());
        Assert.Equal(["does-not-fit", "does-not-fit", "could-not-check"], reports.Select(r => (string)r!["verdict"]!).ToArray());
        Assert.Equal("lower the vIOMMU's address width to the host's: -device intel-iommu,aw-bits=39",
            (string?)reports[1]!.AsObject().Device("ssd")["fix"]);
    }

    [Fact]
    public void AConfigurationThatFitsEveryReadableHostExitsWithZero()
    {
        File.Delete(Path.Combine(_folder, "c-broken.json"));
        var run = ToolRun.Of("-preflight", "-host", _folder, "-machine", "q35", "-device", "intel-iommu,aw-bits=39,caching-mode=on");
        Assert.Equal(0, run.ExitCode);
        Assert.EndsWith("fits on 2 of 2 hosts\n", run.Output);
    }
}
