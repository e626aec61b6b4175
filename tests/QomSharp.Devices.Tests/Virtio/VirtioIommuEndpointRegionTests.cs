using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Devices.Tests.Qemu10;

namespace QomSharp.Devices.Tests.Virtio;

/// <summary>
/// virtio-iommu's endpoint address spaces against QEMU 10.0 (capture_regions.py): a function that
/// is refused after its registration asked for its address space leaves the endpoint's regions
/// (<c>virtio-iommu-memory-region-N-DEVFN</c> and a <c>system</c> alias) on the backend, the
/// counter N goes on across hot-plugs, and device_del takes nothing back.
/// </summary>
public sealed class VirtioIommuEndpointRegionTests
{
    [Fact]
    public void EndpointRegionsOutliveRefusedAndDeletedFunctions()
    {
        var pairs = Qemu10Reference.Transcript("qmp-virtio-iommu-refused-add.txt");
        Assert.Equal(11, pairs.Count);
        var run = ToolRun.Of("-S", "-machine", "q35", "-device", "virtio-iommu-pci,id=vi", "-device", "pcie-root-port,id=rp,chassis=1",
            "-device", "pcie-root-port,id=rp2,chassis=2");
        Assert.Equal(string.Empty, run.Error);
        var replies = QmpTranscript.Run(run.Context, pairs.Select(p => p.Command).ToArray());
        for (int i = 0; i < pairs.Count; i++)
        {
            // qom-list: every row, the regions as a set (QEMU lists them in its hash table's order).
            var expected = JsonNode.Parse(pairs[i].Reply)!;
            Qemu10Regions.Normalize(expected);
            Qemu10Regions.Normalize(replies[i]);
            Assert.True(JsonNode.DeepEquals(expected, replies[i]), $"{pairs[i].Command}\n  QEMU 10.0: {expected.ToJsonString()}\n  QomSharp:  {replies[i].ToJsonString()}");
        }
    }

    /// <summary>
    /// QEMU numbers endpoints with one counter for its whole process; here it is one per universe, so
    /// a second universe starts again at 0 whatever the first one made.
    /// </summary>
    [Fact]
    public void EachUniverseCountsItsOwnEndpoints()
    {
        var first = ToolRun.Of("-S", "-machine", "q35", "-device", "virtio-iommu-pci,id=vi").Context;
        var second = ToolRun.Of("-S", "-machine", "q35", "-device", "virtio-iommu-pci,id=vi").Context;
        foreach (var context in new[] { first, second })
        {
            var root = context.ResolvePath("/machine/peripheral/vi/virtio-backend/virtio-iommu-memory-region-0-0[0]");
            Assert.NotNull(root);
            Assert.Equal("virtio-iommu-memory-region", context.ResolvePath("/machine/peripheral/vi/virtio-backend/virtio-iommu-memory-region-4-251[1]")!.TypeName);
            Assert.Equal("/machine/peripheral/vi/virtio-backend/virtio-iommu-memory-region-4-251[0]",
                context.ResolvePath("/machine/peripheral/vi/virtio-backend/system[4]")!.GetPropertyString("container"));
        }
    }
}
