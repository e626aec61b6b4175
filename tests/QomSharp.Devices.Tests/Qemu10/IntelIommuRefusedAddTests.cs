using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// A function refused after its registration made its intel-iommu address space: QEMU 10.0 keeps
/// that address space (its vtd-SS.F regions under the IOMMU), and a later function at the same
/// bus and devfn gets it; device_del does not take it back either.
/// </summary>
public sealed class IntelIommuRefusedAddTests
{
    [Fact]
    public void TheIommuKeepsTheAddressSpaceOfARefusedFunction()
    {
        var pairs = Qemu10Reference.Transcript("qmp-intel-iommu-refused-add.txt");
        var run = ToolRun.Of("-S", "-machine", "q35", "-device", "intel-iommu,id=iommu", "-device", "pcie-root-port,id=rp,chassis=1",
            "-device", "pcie-root-port,id=rp2,chassis=2");
        Assert.Equal(string.Empty, run.Error);
        var replies = QmpTranscript.Run(run.Context, pairs.Select(p => p.Command).ToArray());
        for (int i = 0; i < pairs.Count; i++)
        {
            // qom-list: the IOMMU's vtd-* regions, as a set (their listing order, QEMU's hash order,
            // and the IOMMU's other properties are not what this compares).
            string expected = Regions(JsonNode.Parse(pairs[i].Reply)!);
            Assert.True(expected == Regions(replies[i]), $"{pairs[i].Command}\n  QEMU 10.0: {expected}\n  QomSharp:  {Regions(replies[i])}");
        }
    }

    private static string Regions(JsonNode reply) => reply["return"] is JsonArray list
        ? string.Join(' ', list.Select(p => p!["name"]!.GetValue<string>()).Where(n => n.StartsWith("vtd-", System.StringComparison.Ordinal)).Order(System.StringComparer.Ordinal))
        : reply.ToJsonString();
}
