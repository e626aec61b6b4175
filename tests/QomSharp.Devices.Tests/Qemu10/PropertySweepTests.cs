using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// Every type QomSharp models, compared with QEMU 10.0 at once: <c>qom-list-properties</c> of each
/// (abstract ones too) and <c>device-list-properties</c> of each concrete device, on <c>q35</c> and on
/// the seed's <c>pc-q35-9.1</c> (capture_sweep.py). Names, types, descriptions, defaults and order.
/// </summary>
public sealed class PropertySweepTests
{
    // QomSharp's own types that QEMU 10.0 does not have (devices/README.md lists them).
    private static readonly string[] OursOnly = ["host-iommu-device-iommufd-vdpa", "host-iommu-device-legacy-vdpa"];

    [Fact]
    public void TheSweepCoversEveryModelledType()
    {
        // The test assembly's own types (registered in the same process) are not the tool's.
        var context = ToolRun.Of("-machine", "q35").Context;
        var modelled = QmpTranscript.Run(context, ["{\"execute\": \"qom-list-types\", \"arguments\": {\"abstract\": true}}"])[0]["return"]!
            .AsArray().Select(t => t!["name"]!.GetValue<string>())
            .Where(name => !context.FindType(name)!.Module.Name.StartsWith("QomSharp.Devices.Tests", System.StringComparison.Ordinal))
            .Order(System.StringComparer.Ordinal).ToArray();
        var swept = Qemu10Reference.Read("sweep-types.txt").Split('\n', System.StringSplitOptions.RemoveEmptyEntries)
            .Order(System.StringComparer.Ordinal).ToArray();
        Assert.Equal(swept, modelled);
        foreach (string machine in new[] { "q35", "pc-q35-9.1" })
        {
            Assert.Equal(OursOnly, Qemu10Reference.Read($"sweep-types-not-in-qemu-{machine}.txt").Split('\n', System.StringSplitOptions.RemoveEmptyEntries));
        }
    }

    [Theory]
    [InlineData("q35")]
    [InlineData("pc-q35-9.1")]
    public void EveryTypesPropertiesAreQemu10s(string machine)
    {
        var pairs = Qemu10Reference.Transcript($"qmp-sweep-properties-{machine}.txt");
        Assert.True(pairs.Count > 150, $"only {pairs.Count} commands");
        var context = ToolRun.Of("-machine", machine).Context;
        var replies = QmpTranscript.Run(context, pairs.Select(p => p.Command).ToArray());
        Assert.Equal(pairs.Count, replies.Count);
        var differences = new List<string>();
        for (int i = 0; i < pairs.Count; i++)
        {
            var expected = JsonNode.Parse(pairs[i].Reply)!;
            JsonNode ours = replies[i];
            QomSharpExtensions.StripListing(context, pairs[i].Command, ours);

            // An object's regions and lines sit in its per-object hash table: compared as a set.
            Qemu10Regions.Normalize(expected);
            Qemu10Regions.Normalize(ours);
            if (!JsonNode.DeepEquals(expected, ours))
            {
                differences.Add($"{pairs[i].Command}\n  QEMU 10.0: {expected.ToJsonString()}\n  QomSharp:  {ours.ToJsonString()}");
            }
        }

        Assert.True(differences.Count == 0, $"{differences.Count} of {pairs.Count} differ:\n" + string.Join("\n", differences));
    }
}
