using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json.Nodes;
using static QomSharp.Tool.Tests.QmpTranscript;

namespace QomSharp.Tool.Tests;

/// <summary>The q35 machine types, their options and compatibility properties, compared with QEMU 10.0.</summary>
public class Qemu10MachineTests
{
    private const string Caps = """{"execute": "qmp_capabilities"}""";

    [Fact]
    public void MachineHelpListsQemusQ35Family()
    {
        var qemu = Qemu10.Lines("machine-help.txt").Where(l => l.Contains("q35", StringComparison.Ordinal)).ToList();
        var ours = ToolRun.Of("-machine", "help").Output.Split('\n').Where(l => l.Contains("q35", StringComparison.Ordinal)).ToList();

        // Only the default mark differs: QEMU's default is the i440FX board, which is not modelled.
        Assert.Equal("pc-q35-10.0          Standard PC (Q35 + ICH9, 2009) (default)", ours[^1]);
        Assert.Equal(qemu, ours.Select(l => l.Replace(" (default)", string.Empty, StringComparison.Ordinal)).ToList());
        Assert.Equal(32, ours.Count);
    }

    [Theory]
    [InlineData("q35", "machine-q35-help.txt")]
    [InlineData("pc-q35-9.1", "machine-pc-q35-9.1-help.txt")]
    [InlineData("none", "machine-none-help.txt")]
    public void MachineOptionHelpUsesQemusLines(string machine, string reference)
    {
        // Every line, sgx-epc and smp-cache included (both are settable, as in QEMU).
        var ours = ToolRun.Of("-machine", machine + ",help").Output.TrimEnd('\n').Split('\n');
        Assert.Equal(Qemu10.Lines(reference), ours);
    }

    [Fact]
    public void QueryMachinesAgreesForEveryQ35VersionAndNone()
    {
        var (qemu, ours) = Qemu10Replay.Reply("query-machines", """{"execute": "query-machines", "arguments": {"compat-props": true}}""");
        var context = ToolRun.Of().Context;
        var ourRows = ours["return"]!.AsArray().ToDictionary(r => r!["name"]!.GetValue<string>());
        int compared = 0;
        foreach (var row in qemu["return"]!.AsArray())
        {
            string name = row!["name"]!.GetValue<string>();
            if (!name.StartsWith("pc-q35-", StringComparison.Ordinal) && name != "none")
            {
                continue;
            }

            var expected = row.DeepClone().AsObject();
            var actual = ourRows[name]!.DeepClone().AsObject();

            // The compat rows QomSharp can apply: those of modelled types, for properties they have.
            var rows = expected["compat-props"]?.AsArray().Where(r => Applies(context, r!)).Select(r => r!.DeepClone()).ToArray() ?? [];
            expected["compat-props"] = new JsonArray(rows);
            if (name == "pc-q35-10.0")
            {
                Assert.True(actual["is-default"]!.GetValue<bool>());
                actual.Remove("is-default");
            }

            Assert.True(JsonNode.DeepEquals(expected, actual), $"{expected.ToJsonString()}\n{actual.ToJsonString()}");
            compared++;
        }

        Assert.Equal(32, compared);
        Assert.Equal(32, ourRows.Keys.Count(n => n.StartsWith("pc-q35-", StringComparison.Ordinal) || n == "none"));
    }

    private static bool Applies(QomContext context, JsonNode row) =>
        context.FindClass(row["qom-type"]!.GetValue<string>()) is { } klass && HasProperty(klass, row["property"]!.GetValue<string>());

    private static bool HasProperty(QomClass klass, string property)
    {
        if (klass.FindProperty(property) is not null)
        {
            return true;
        }

        if (klass.IsAbstract)
        {
            return false;
        }

        var instance = klass.CreateInstance();
        try
        {
            return instance.FindProperty(property) is not null;
        }
        finally
        {
            instance.Unref();
        }
    }

    [Theory]
    [InlineData("q35", "intel-iommu", "x-buggy-eim", "false")]
    [InlineData("pc-q35-2.7", "intel-iommu", "x-buggy-eim", "true")]
    [InlineData("pc-q35-2.9", "intel-iommu", "pt", "false")]
    [InlineData("pc-q35-2.10", "intel-iommu", "pt", "true")]
    [InlineData("pc-q35-3.1", "intel-iommu", "dma-drain", "false")]
    [InlineData("pc-q35-4.0", "intel-iommu", "dma-drain", "true")]
    [InlineData("pc-q35-9.1", "intel-iommu", "aw-bits", "39")]
    public void CompatPropertiesApplyToDevices(string machine, string device, string property, string value)
    {
        var run = ToolRun.WithInput(
            Caps + "{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"d\", \"property\": \"" + property + "\"}}",
            "-machine", machine, "-device", device + ",id=d", "-qmp", "stdio");
        Assert.EndsWith($"{{\"return\": {value}}}\r\n", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void CompatPropertiesComeBeforeGlobalsAndOptions()
    {
        string Shpc(params string[] args) => ToolRun.WithInput(
            Caps + """{"execute": "qom-get", "arguments": {"path": "/machine/peripheral/b", "property": "shpc"}}""",
            [.. args, "-qmp", "stdio"]).Output.Split("\r\n")[^2];
        Assert.Equal("{\"return\": false}", Shpc("-machine", "pc-q35-2.9", "-device", "pci-bridge,id=b,chassis_nr=1"));
        Assert.Equal("{\"return\": true}", Shpc("-machine", "pc-q35-2.8", "-device", "pci-bridge,id=b,chassis_nr=1"));
        Assert.Equal("{\"return\": true}", Shpc("-machine", "pc-q35-2.9", "-global", "pci-bridge.shpc=on", "-device", "pci-bridge,id=b,chassis_nr=1"));
        Assert.Equal("{\"return\": false}", Shpc("-machine", "pc-q35-2.8", "-global", "pci-bridge.shpc=on", "-device", "pci-bridge,id=b,chassis_nr=1,shpc=off"));
    }

    [Fact]
    public void DeprecatedVersionsWarnAsQemu()
    {
        var run = ToolRun.Of("-machine", "pc-q35-7.0");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Qemu10.Read("machine-deprecated.txt").Replace("qemu-system-x86_64", "qomsharp", StringComparison.Ordinal), run.Error);
        Assert.Equal(string.Empty, ToolRun.Of("-machine", "pc-q35-7.1").Error);
    }

    [Fact]
    public void MachineOptionsAreStoredAndCheckedAsQemu()
    {
        var replies = Run(ToolRun.Of("-machine", "q35,kernel=/boot/vmlinuz,acpi=off,graphics=off,max-ram-below-4g=2G").Context, Caps,
            """{"execute": "qom-get", "arguments": {"path": "/machine", "property": "kernel"}}""",
            """{"execute": "qom-get", "arguments": {"path": "/machine", "property": "acpi"}}""",
            """{"execute": "qom-get", "arguments": {"path": "/machine", "property": "graphics"}}""",
            """{"execute": "qom-get", "arguments": {"path": "/machine", "property": "max-ram-below-4g"}}""",
            """{"execute": "qom-get", "arguments": {"path": "/machine", "property": "initrd"}}""");
        Assert.Equal("\"/boot/vmlinuz\"", replies[2]["return"]!.ToJsonString());
        Assert.Equal("\"off\"", replies[3]["return"]!.ToJsonString());
        Assert.Equal("false", replies[4]["return"]!.ToJsonString());
        Assert.Equal("2147483648", replies[5]["return"]!.ToJsonString());
        Assert.Equal("\"\"", replies[6]["return"]!.ToJsonString());
        Assert.Equal("qomsharp: Parameter 'acpi' does not accept value 'x'\n", ToolRun.Of("-machine", "q35,acpi=x").Error);
    }
}
