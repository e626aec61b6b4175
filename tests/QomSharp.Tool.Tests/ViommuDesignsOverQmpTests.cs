using System.Linq;
using System.Text.Json.Nodes;

namespace QomSharp.Tool.Tests;

/// <summary>
/// The tool's QMP monitor (<c>-qmp stdio</c>) on the embedded default host: how many IOAS and HWPT
/// objects an iommufd holds under QEMU 10.0's per-address-space containers and under QomSharp's
/// intel-iommu <c>iommufd</c> link, and virtio-iommu-pci as the machine's one vIOMMU.
/// </summary>
public class ViommuDesignsOverQmpTests
{
    private static readonly string[] Ports =
    [
        "-object", "iommufd,id=fd0", "-device", "pcie-root-port,id=rp0,chassis=1", "-device", "pcie-root-port,id=rp1,chassis=2",
        "-device", "pcie-root-port,id=rp2,chassis=3",
    ];

    private static readonly string[] Counts =
    [
        """{"execute":"qmp_capabilities"}""",
        """{"execute":"qom-get","arguments":{"path":"/objects/fd0","property":"ioas-count"}}""",
        """{"execute":"qom-get","arguments":{"path":"/objects/fd0","property":"hwpt-count"}}""",
        """{"execute":"quit"}""",
    ];

    [Theory]
    [InlineData("intel-iommu,caching-mode=on", ",iommufd=fd0", 3, 3)] // QEMU 10.0: one container per address space
    [InlineData("intel-iommu,caching-mode=on,iommufd=fd0", "", 1, 2)] // QomSharp: one IOAS, one HWPT per host unit
    public void IoasAndHwptCountsOverQmp(string viommu, string deviceBackend, int ioas, int hwpts)
    {
        var replies = Session(Counts, [.. Ports, "-device", viommu,
            "-device", $"vfio-pci,host=98:00.0,bus=rp0{deviceBackend}", "-device", $"vfio-pci,host=b1:00.0,bus=rp1{deviceBackend}",
            "-device", $"vfio-pci,host=4b:00.0,bus=rp2{deviceBackend}"]);
        Assert.Equal(ioas, replies[2]["return"]!.GetValue<int>());
        Assert.Equal(hwpts, replies[3]["return"]!.GetValue<int>());
    }

    [Fact]
    public void VirtioIommuReportsTheMachinesMsiWindowAndIsTheOneVIommu()
    {
        var replies = Session(
            [
                """{"execute":"qmp_capabilities"}""",
                """{"execute":"qom-get","arguments":{"path":"/machine/peripheral/vi","property":"reserved-regions"}}""",
                """{"execute":"qom-get","arguments":{"path":"/machine/peripheral/vi","property":"aw-bits"}}""",
                """{"execute":"device_add","arguments":{"driver":"intel-iommu"}}""",
                """{"execute":"quit"}""",
            ],
            "-device", "virtio-iommu-pci,id=vi");
        Assert.Equal("""["0xfee00000:0xfeefffff:1"]""", replies[2]["return"]!.ToJsonString());
        Assert.Equal(39, replies[3]["return"]!.GetValue<int>()); // every q35 machine type sets 39
        Assert.Equal("Device 'intel-iommu' does not support hotplugging", replies[4]["error"]!["desc"]!.GetValue<string>());
    }

    // The replies (events left out) of a session with the tool, the greeting first.
    private static JsonNode[] Session(string[] requests, params string[] args)
    {
        var run = ToolRun.WithInput(string.Join("\n", requests) + "\n", [.. args, "-qmp", "stdio"]);
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        return [.. run.Output.Split('\n', System.StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).Where(n => n["event"] is null)];
    }
}
