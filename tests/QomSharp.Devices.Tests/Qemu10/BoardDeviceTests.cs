using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// q35's other board devices against QEMU 10.0 (capture_board.py): the ISA bus under ICH9-LPC and
/// the devices on it, the HPET, the PS/2 devices, the VAPIC, ich9-ahci's IDE buses, ICH9-SMB's
/// i2c bus with its SPD EEPROMs; their types, help, property lists and values, with their memory
/// regions and IRQs (compared as a set, see <see cref="Qemu10Regions"/>), and the CPU with its APIC.
/// </summary>
public partial class BoardDeviceTests
{
    // The board's device types.
    public static TheoryData<string> Types() =>
    [
        "qemu64-x86_64-cpu", "apic", "kvmvapic", "mc146818rtc", "i8257", "isa-i8259", "hpet", "isa-pit", "isa-pcspk", "i8042", "ps2-kbd", "ps2-mouse", "vmport",
        "vmmouse", "port92", "smbus-eeprom",
    ];

    /// <summary><c>-device T,help</c> of each board type, whole text.</summary>
    [Theory]
    [MemberData(nameof(Types))]
    public void HelpIsQemu10s(string type)
    {
        var run = ToolRun.Of("-nodefaults", "-display", "none", "-machine", "q35", "-device", $"{type},help");
        Assert.Equal(Qemu10Reference.Read($"device-{type}-help.txt"), run.Output);
        Assert.Equal(0, run.ExitCode);
    }

    /// <summary><c>qom-list-properties</c> of every board type, its abstract parents and its buses, and <c>device-list-properties</c> of every board type.</summary>
    [Fact]
    public void PropertyListsAreQemu10s() => CompareTranscript("qmp-board-devices-properties.txt", 30);

    /// <summary><c>qom-list</c> of every board device and bus on a default q35 and <c>qom-get</c> of each of their properties.</summary>
    [Fact]
    public void InstancesAndValuesAreQemu10s() => CompareTranscript("qmp-board-devices-instances.txt", 150);

    [Fact]
    public void TypesAndParentsAreQemu10s() => Qemu10TypeListing.AssertListedAsQemu10("qom-list-types-board-devices.json", 28);

    private static void CompareTranscript(string name, int atLeast)
    {
        // The RTC's date is the time of the capture.
        var pairs = Qemu10Reference.Transcript(name).Where(p => !p.Command.Contains("\"property\": \"date\"", System.StringComparison.Ordinal)).ToList();
        var context = ToolRun.Of("-machine", "q35").Context;
        var replies = QmpTranscript.Run(context, pairs.Select(p => p.Command).ToArray());
        Assert.Equal(pairs.Count, replies.Count);
        Assert.True(pairs.Count > atLeast, $"only {pairs.Count} commands");
        for (int i = 0; i < pairs.Count; i++)
        {
            var expected = JsonNode.Parse(pairs[i].Reply)!;
            Qemu10Regions.Normalize(expected);
            JsonNode ours = replies[i];
            Qemu10Regions.Normalize(ours);
            if (IsBusListing(pairs[i].Command))
            {
                // A bus's child[N] links sit in QEMU's per-object hash table, whose order this
                // model does not reproduce: the same set of properties, compared by name.
                expected = ByName(expected);
                ours = ByName(ours);
            }

            Assert.True(JsonNode.DeepEquals(expected, ours), $"{pairs[i].Command}\n  QEMU 10.0: {expected.ToJsonString()}\n  QomSharp:  {ours.ToJsonString()}");
        }
    }

    private static bool IsBusListing(string command) =>
        command.Contains("\"qom-list\"", System.StringComparison.Ordinal) && (command.Contains("/isa.0\"", System.StringComparison.Ordinal)
            || command.Contains("/i2c\"", System.StringComparison.Ordinal) || command.Contains("/ide.", System.StringComparison.Ordinal));

    private static JsonNode ByName(JsonNode reply) =>
        new JsonObject { ["return"] = new JsonArray(reply["return"]!.AsArray().OrderBy(r => r!["name"]!.GetValue<string>(), System.StringComparer.Ordinal).Select(r => r!.DeepClone()).ToArray()) };
}
