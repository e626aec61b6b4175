using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace QomSharp.Tool.Tests;

/// <summary>
/// <c>-smp</c> against QEMU 10.0 (capture_smp.py): every refused or warned-about command line of
/// smp-errors.txt gives QEMU's messages in order and its exit code; for each accepted one of
/// qmp-smp.json, the machine's <c>smp</c> property, <c>query-cpus-fast</c>,
/// <c>query-hotpluggable-cpus</c>, <c>info cpus</c> and each CPU's APIC and topology ids are QEMU's
/// (the host thread ids aside).
/// </summary>
public class SmpReferenceTests
{
    private const string Quit = "{\"execute\": \"qmp_capabilities\"}\n{\"execute\": \"quit\"}\n";

    private static readonly string[] CpuIds = ["apic-id", "socket-id", "die-id", "module-id", "core-id", "thread-id", "node-id", "start-powered-off"];

    public static TheoryData<string, string, int> ErrorCases()
    {
        var data = new TheoryData<string, string, int>();
        var lines = Qemu10.Lines("smp-errors.txt");
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("$ qemu-system-x86_64 ", StringComparison.Ordinal))
            {
                int end = Array.FindIndex(lines, i + 1, l => l.StartsWith("exit ", StringComparison.Ordinal));
                data.Add(lines[i]["$ qemu-system-x86_64 ".Length..], string.Concat(lines[(i + 1)..end].Select(l => l + "\n")), int.Parse(lines[end][5..], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public void MessagesAndExitCodeAreQemu10s(string commandLine, string qemuError, int qemuExitCode)
    {
        string[] args = ["-nodefaults", "-display", "none", .. commandLine.Split(' '), "-S", "-qmp", "stdio"];
        var run = ToolRun.WithInput(Quit, args);
        string ours = string.Concat(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.Contains("is deprecated", StringComparison.Ordinal))
            .Select(l => l.Replace("qomsharp:", "qemu-system-x86_64:", StringComparison.Ordinal) + "\n"));
        Assert.Equal(qemuError, ours);
        Assert.Equal(qemuExitCode, run.ExitCode);
    }

    public static TheoryData<int> AcceptedCases()
    {
        var data = new TheoryData<int>();
        int count = JsonNode.Parse(Qemu10.Read("qmp-smp.json"))!.AsArray().Count;
        for (int i = 0; i < count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AcceptedCases))]
    public void TopologyAndCpuQueriesAreQemu10s(int index)
    {
        var row = JsonNode.Parse(Qemu10.Read("qmp-smp.json"))!.AsArray()[index]!;
        string[] args = ["-nodefaults", "-display", "none", .. row["args"]!.AsArray().Select(a => a!.GetValue<string>()), "-S"];
        var run = ToolRun.Of(args);
        Assert.True(run.ExitCode == 0, run.Error);
        var requests = new List<string>
        {
            """{"execute": "qom-get", "arguments": {"path": "/machine", "property": "smp"}}""",
            """{"execute": "query-cpus-fast"}""",
            """{"execute": "query-hotpluggable-cpus"}""",
            """{"execute": "human-monitor-command", "arguments": {"command-line": "info cpus"}}""",
        };
        var cpus = row["cpus"]!.AsArray();
        foreach (var cpu in cpus)
        {
            string path = cpu!["qom-path"]!.GetValue<string>();
            requests.AddRange(CpuIds.Select(p => $$$"""{"execute": "qom-get", "arguments": {"path": "{{{path}}}", "property": "{{{p}}}"}}"""));
            requests.Add($$$"""{"execute": "qom-get", "arguments": {"path": "{{{path}}}/lapic", "property": "id"}}""");
        }

        var replies = QmpTranscript.Run(run.Context, ["""{"execute": "qmp_capabilities"}""", .. requests])
            .Where(r => r.ContainsKey("return") || r.ContainsKey("error")).Skip(1).ToList();
        Assert.Equal(row["smp"]!.ToJsonString(), replies[0]["return"]!.ToJsonString());
        Assert.Equal(WithoutThreadIds(row["query-cpus-fast"]!), WithoutThreadIds(replies[1]["return"]!));
        var hotpluggable = row["query-hotpluggable-cpus"]!;
        Assert.Equal(hotpluggable.ToJsonString(), (hotpluggable is JsonArray ? replies[2]["return"] : replies[2]["error"])!.ToJsonString());
        Assert.Equal(WithoutThreadIds(row["info cpus"]!.GetValue<string>()), WithoutThreadIds(replies[3]["return"]!.GetValue<string>()));
        for (int i = 0; i < cpus.Count; i++)
        {
            for (int j = 0; j < CpuIds.Length; j++)
            {
                Assert.Equal(cpus[i]![CpuIds[j]]!.ToJsonString(), replies[4 + i * (CpuIds.Length + 1) + j]["return"]!.ToJsonString());
            }

            Assert.Equal(cpus[i]!["lapic id"]!.ToJsonString(), replies[4 + i * (CpuIds.Length + 1) + CpuIds.Length]["return"]!.ToJsonString());
        }
    }

    [Fact]
    public void SmpHelpListsQemusOptions()
    {
        var run = ToolRun.Of("-smp", "help");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Qemu10.Read("smp-help.txt"), run.Output);
        Assert.Equal(Qemu10.Read("smp-help.txt"), ToolRun.Of("-smp", "4,help").Output);
    }

    [Fact]
    public void QomSetOfSmpReadsTheStructAsQmpsVisitorDoes()
    {
        var run = ToolRun.Of("-machine", "q35", "-S");
        var replies = QmpTranscript.Run(run.Context, """{"execute": "qmp_capabilities"}""",
            """{"execute": "qom-set", "arguments": {"path": "/machine", "property": "smp", "value": {"cpus": "2"}}}""",
            """{"execute": "qom-set", "arguments": {"path": "/machine", "property": "smp", "value": {"cpus": 2, "foo": 1}}}""",
            """{"execute": "qom-set", "arguments": {"path": "/machine", "property": "smp", "value": 2}}""",
            """{"execute": "qom-set", "arguments": {"path": "/machine", "property": "smp", "value": {"cpus": 2, "threads": 2}}}""",
            """{"execute": "qom-get", "arguments": {"path": "/machine", "property": "smp"}}""")
            .Where(r => r.ContainsKey("return") || r.ContainsKey("error")).Skip(1).ToList();
        Assert.Equal("Invalid parameter type for 'smp.cpus', expected: integer", QmpTranscript.Error(replies[0]));
        Assert.Equal("Parameter 'smp.foo' is unexpected", QmpTranscript.Error(replies[1]));
        Assert.Equal("Invalid parameter type for 'smp', expected: object", QmpTranscript.Error(replies[2]));
        Assert.Equal("""{"modules":1,"cpus":2,"maxcpus":2,"books":1,"threads":2,"cores":1,"dies":1,"sockets":1,"clusters":1,"drawers":1}""", replies[4]["return"]!.ToJsonString());
    }

    [Fact]
    public void AnApicIdAnXapicCannotHoldStopsTheBoardWithQemusMessage()
    {
        // QEMU 10.0 aborts there (its APIC refuses the id with error_abort); the tool exits with the message.
        var run = ToolRun.Of("-machine", "q35", "-smp", "256");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("qomsharp: APIC ID 255 requires x2APIC feature in CPU\nTry x2apic=on in -cpu.\n", run.Error);
        Assert.Null(run.Context.ResolvePath("/machine/q35"));
    }

    [Fact]
    public void TheMsiWindowOfTheFirstApicAloneIsMapped()
    {
        // QEMU 10.0 (-smp 2): the first APIC's window is in the system memory, the second's nowhere.
        var run = ToolRun.Of("-machine", "q35", "-smp", "2", "-S");
        var replies = QmpTranscript.Run(run.Context, """{"execute": "qmp_capabilities"}""",
            """{"execute": "qom-get", "arguments": {"path": "/machine/unattached/device[0]/lapic/apic-msi[0]", "property": "container"}}""",
            """{"execute": "qom-get", "arguments": {"path": "/machine/unattached/device[2]/lapic/apic-msi[0]", "property": "container"}}""")
            .Where(r => r.ContainsKey("return")).Skip(1).ToList();
        Assert.Equal("/machine/unattached/system[0]", replies[0]["return"]!.GetValue<string>());
        Assert.Equal(string.Empty, replies[1]["return"]!.GetValue<string>());
    }

    // The host thread of each vCPU is QEMU's own; the model has none.
    private static string WithoutThreadIds(JsonNode list)
    {
        var copy = list.DeepClone().AsArray();
        foreach (var cpu in copy)
        {
            cpu!.AsObject().Remove("thread-id");
        }

        return copy.ToJsonString();
    }

    private static string WithoutThreadIds(string infoCpus) =>
        System.Text.RegularExpressions.Regex.Replace(infoCpus, "thread_id=[0-9]+", "thread_id=N");
}
