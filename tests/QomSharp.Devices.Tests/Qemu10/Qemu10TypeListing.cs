using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>Compares QEMU 10.0's <c>qom-list-types</c> entries kept in a reference file with ours on q35.</summary>
internal static class Qemu10TypeListing
{
    /// <summary>
    /// Each entry of <paramref name="file"/> (name, parent, abstract flag) is listed by our
    /// <c>qom-list-types</c> with <c>abstract: true</c>, equal as JSON; the file holds
    /// <paramref name="expectedCount"/> entries when given.
    /// </summary>
    public static void AssertListedAsQemu10(string file, int? expectedCount = null)
    {
        var expected = JsonNode.Parse(Qemu10Reference.Read(file))!.AsArray();
        if (expectedCount is { } count)
        {
            Assert.Equal(count, expected.Count);
        }

        var context = ToolRun.Of("-machine", "q35").Context;
        var reply = QmpTranscript.Run(context, """{"execute": "qom-list-types", "arguments": {"abstract": true}}""")[0]["return"]!.AsArray();
        foreach (var type in expected)
        {
            string name = type!["name"]!.GetValue<string>();
            var ours = reply.SingleOrDefault(t => t!["name"]!.GetValue<string>() == name);
            Assert.True(ours is not null, $"{name} is not listed");
            Assert.True(JsonNode.DeepEquals(type, ours), $"QEMU 10.0: {type.ToJsonString()}, QomSharp: {ours!.ToJsonString()}");
        }
    }
}
