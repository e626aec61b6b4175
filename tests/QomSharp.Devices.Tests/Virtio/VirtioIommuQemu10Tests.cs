using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Devices.Tests.Qemu10;

namespace QomSharp.Devices.Tests.Virtio;

/// <summary>
/// virtio-iommu-pci against QEMU 10.0 (capture_viommu.py): its help texts, property lists, the
/// qom-list/qom-get of a created one on q35 and pc-q35-8.2 (compat properties), type names and
/// parents, and its refusals (realize checks, one vIOMMU per machine).
/// </summary>
public class VirtioIommuQemu10Tests
{
    [Theory]
    [InlineData("virtio-iommu-pci")]
    [InlineData("virtio-iommu-device")]
    public void PropertyHelpIsQemu10s(string type)
    {
        var run = ToolRun.Of("-nodefaults", "-display", "none", "-machine", "q35", "-device", $"{type},help");
        Assert.Equal(Qemu10Reference.Read($"device-{type}-help.txt"), run.Output);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void DeviceListLinesAreQemu10s()
    {
        string[] list = ToolRun.Of("-device", "help").Output.Split('\n');
        string reference = Qemu10Reference.Read("device-help.txt");
        foreach (string type in new[] { "virtio-iommu-pci", "virtio-iommu-device" })
        {
            Assert.Contains(Assert.Single(list, l => l.StartsWith($"name \"{type}\"", System.StringComparison.Ordinal)) + "\n", reference, System.StringComparison.Ordinal);
        }
    }

    [Fact]
    public void PropertyListsAreQemu10s() => QmpReferenceTests.AssertTranscript("qmp-virtio-iommu-list-properties.txt", "-machine", "q35");

    [Fact]
    public void QomListAndQomGetAreQemu10s() => AssertQomTranscript("qmp-virtio-iommu-qom-get.txt", "q35");

    /// <summary>pc-q35-8.2 brings back 4 KiB granule and 64-bit input range (every q35 sets aw-bits 39 first).</summary>
    [Fact]
    public void QomGetOnPcQ35Of82ShowsItsCompatProperties() => AssertQomTranscript("qmp-virtio-iommu-qom-get-pc-q35-8.2.txt", "pc-q35-8.2");

    // Strict order everywhere but the qom-list of the virtio-bus: a bus's instance properties come in
    // the order of QEMU's hash table there (hotplug-handler, child[0], realized), which QomSharp does
    // not reproduce for buses; that one reply is compared as a set. Memory regions (the endpoints'
    // address spaces among them) are compared as a set too.
    private static void AssertQomTranscript(string name, string machine)
    {
        var pairs = Qemu10Reference.Transcript(name);
        var context = ToolRun.Of("-machine", machine, "-device", "virtio-iommu-pci,id=vi0").Context;
        var replies = QmpTranscript.Run(context, pairs.Select(p => p.Command).ToArray());
        Assert.Equal(pairs.Count, replies.Count);
        for (int i = 0; i < pairs.Count; i++)
        {
            var expected = JsonNode.Parse(pairs[i].Reply)!;
            JsonNode actual = replies[i]!;
            if (pairs[i].Command.Contains("\"qom-list\"", System.StringComparison.Ordinal))
            {
                expected = Rows(expected, pairs[i].Command.Contains("virtio-bus", System.StringComparison.Ordinal));
                actual = Rows(actual, pairs[i].Command.Contains("virtio-bus", System.StringComparison.Ordinal));
            }

            Assert.True(JsonNode.DeepEquals(expected, actual), $"{pairs[i].Command}\n  QEMU 10.0: {expected.ToJsonString()}\n  QomSharp:  {actual.ToJsonString()}");
        }
    }

    private static JsonArray Rows(JsonNode reply, bool sorted)
    {
        var copy = reply.DeepClone();
        if (sorted)
        {
            return new JsonArray([.. copy["return"]!.AsArray().Select(r => r!.DeepClone()).OrderBy(r => r["name"]!.GetValue<string>(), System.StringComparer.Ordinal)]);
        }

        // The regions (the endpoints' included) sit in QEMU's per-object hash table: compared as a set.
        Qemu10Regions.Normalize(copy);
        return copy["return"]!.AsArray();
    }

    [Fact]
    public void TypeNamesAndParentsAreQemu10s() => Qemu10TypeListing.AssertListedAsQemu10("qom-list-types-virtio-iommu.json", 7);

    public static TheoryData<int> ErrorCases() => [.. Enumerable.Range(0, Qemu10Reference.ErrorCases("virtio-iommu-errors.txt").Count())];

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public void RefusedAsQemu10Refuses(int index)
    {
        ErrorCase expected = Qemu10Reference.ErrorCases("virtio-iommu-errors.txt").ElementAt(index);
        var run = ToolRun.Of(["-nodefaults", "-display", "none", .. expected.Args]);
        Assert.Equal(expected.Stderr.Replace("qemu-system-x86_64: ", "qomsharp: ", System.StringComparison.Ordinal), run.Error);
        Assert.Equal(expected.ExitCode, run.ExitCode);
    }
}
