using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json.Nodes;
using static QomSharp.Tool.Tests.QmpTranscript;

namespace QomSharp.Tool.Tests;

/// <summary>QMP and HMP compared with QEMU 10.0's transcripts (tests/reference/qemu-10.0/qmp).</summary>
public class Qemu10QmpTests
{
    private const string Caps = """{"execute": "qmp_capabilities"}""";

    private static string Hmp(string commandLine, string? cpu = null) =>
        "{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": \"" + commandLine + "\"" + cpu + "}}";

    [Fact]
    public void OutOfBandNegotiationAndMembersAsQemu() => Qemu10Replay.AssertSame("oob");

    [Fact]
    public void StatusVersionAndEmptyCapabilitiesAsQemu() => Qemu10Replay.AssertSame("no-oob");

    [Fact]
    public void DeviceAddTypesItsArgumentsAsQemu() => Qemu10Replay.AssertSame("device-add");

    // A bus named like the root bus (a root port with id pcie.0), bus paths through ids, types and
    // an absolute path, path errors, and buses that a failed realize must leave unknown.
    [Fact]
    public void BusLookupAsQemu() => Qemu10Replay.AssertSame("bus-lookup");

    // The chassis registry: a pair is refused while held and given back by a realize that fails after taking it.
    [Fact]
    public void ChassisSlotsAsQemu() => Qemu10Replay.AssertSame("chassis-slots");

    [Fact]
    public void ObjectAddChecksItsArgumentsAsQemu() => Qemu10Replay.AssertSame("object-add");

    [Fact]
    public void ProtocolErrorsAsQemu() =>
        // qom-list-get is QEMU 10.1's: compared with QEMU's own implementation below instead.
        Qemu10Replay.AssertSame(
            "errors",
            """{"execute": "qom-list-get", "arguments": {"paths": "/machine"}}""",
            """{"execute": "qom-list-get", "arguments": {"paths": ["/nope", "/machine"]}}""",
            """{"execute": "qom-list-get", "arguments": {"paths": []}}""");

    [Fact]
    public void QomIntrospectionAsQemu() =>
        // qom-list-types lists QEMU's hundreds of types: compared type by type below.
        Qemu10Replay.AssertSame(
            "qom",
            """{"execute": "qom-list-types", "arguments": {"implements": "object", "abstract": true}}""",
            """{"execute": "qom-list-get", "arguments": {"paths": ["/machine/peripheral/rp0"]}}""");

    [Fact]
    public void TypesListedAsQemuListsThem()
    {
        var (qemu, ours) = Qemu10Replay.Reply("qom", """{"execute": "qom-list-types", "arguments": {"implements": "object", "abstract": true}}""");
        var context = ToolRun.Of().Context;
        var qemuRows = new Dictionary<string, JsonNode>();
        foreach (var row in qemu["return"]!.AsArray())
        {
            qemuRows[row!["name"]!.GetValue<string>()] = row;
        }

        int compared = 0;
        foreach (var row in ours["return"]!.AsArray())
        {
            string name = row!["name"]!.GetValue<string>();

            // The runtime's types and the machines; the device models' types are compared by their
            // own tests.
            bool runtimeOrMachine = context.FindClass(name)!.TypeInfo.Module.Name == "QomSharp.Runtime" || name.EndsWith("-machine", StringComparison.Ordinal);
            if (runtimeOrMachine && qemuRows.TryGetValue(name, out var expected))
            {
                Assert.True(JsonNode.DeepEquals(expected, row), $"{expected.ToJsonString()} vs {row.ToJsonString()}");
                compared++;
            }
        }

        Assert.True(compared >= 40, $"only {compared} types compared");
        Assert.True(JsonNode.DeepEquals(qemuRows["object"], ours["return"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "object")));
    }

    [Fact]
    public void QueryCommandsListsTheServedCommandsInQemusOrder()
    {
        var (qemu, ours) = Qemu10Replay.Reply("query-commands", """{"execute": "query-commands"}""");
        var served = ours["return"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToList();
        var qemuOrder = qemu["return"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).Where(served.Contains).ToList();
        Assert.Equal(qemuOrder, served.Where(n => n != "qom-list-get").ToList());
        Assert.Contains("qom-list-get", served);
        Assert.Equal(32, served.Count); // with stop, cont, system_wakeup, system_powerdown, query-current-machine and the four migration commands
    }

    /// <summary>
    /// stop, cont and the run states on a machine without a guest (qmp/runstate.txt), through QMP
    /// and HMP: STOP and RESUME before the command's reply, RESET and POWERDOWN too (QEMU's main
    /// loop runs the request before the monitor answers), query-status and info status.
    /// </summary>
    [Fact]
    public void StopContAndTheirEventsAsQemu() => Qemu10Replay.AssertSame("runstate");

    /// <summary>
    /// A pending ACPI PCI unplug completed by system_reset (qmp/reset-unplug.txt, capture_runstate.py):
    /// RESET, the reply, then DEVICE_DELETED (QEMU sends it once RCU releases the device).
    /// </summary>
    [Fact]
    public void AResetsDeviceDeletedComesAfterTheReplyAsQemu() => Qemu10Replay.AssertSame("reset-unplug");

    /// <summary>
    /// Unplugs device_del completes itself (qmp/immediate-unplug.txt, capture_runstate.py): a
    /// powered-off PCIe slot, SHPC slots, a bridge with functions behind it, a multifunction slot,
    /// through QMP and HMP: the reply, then each DEVICE_DELETED.
    /// </summary>
    [Fact]
    public void AnImmediateUnplugsDeviceDeletedComesAfterTheReplyAsQemu() => Qemu10Replay.AssertSame("immediate-unplug");

    /// <summary>
    /// -incoming defer (qmp/incoming-defer.txt, capture_runstate.py): the run state inmigrate, which
    /// QMP and HMP stop, cont and system_reset leave as it is; info status; what still refuses.
    /// </summary>
    [Fact]
    public void IncomingDeferWaitsInInmigrateAsQemu() => Qemu10Replay.AssertSame("incoming-defer");

    /// <summary>
    /// migrate-incoming with -incoming defer (qmp/migrate-incoming.txt, capture_runstate.py): the
    /// argument and channel checks, URIs refused while parsed (query-migrate stays {}), the
    /// capabilities set and read back, a transport that fails to start (MIGRATION setup with events
    /// on, query-migrate setup) and the second start refused.
    /// </summary>
    [Fact]
    public void MigrateIncomingAsQemu() => Qemu10Replay.AssertSame("migrate-incoming");

    /// <summary>Without -incoming (qmp/migrate-no-incoming.txt): migrate-incoming refused first; query-migrate {}.</summary>
    [Fact]
    public void MigrateIncomingWithoutIncomingAsQemu() => Qemu10Replay.AssertSame("migrate-no-incoming");

    /// <summary>A file migrate-incoming cannot open (qmp/migrate-incoming-file.txt): QEMU's error, then setup.</summary>
    [Fact]
    public void MigrateIncomingFromAFileThatCannotBeOpenedAsQemu() => Qemu10Replay.AssertSame("migrate-incoming-file");

    /// <summary>
    /// The migration capabilities with -incoming defer (qmp/migrate-capabilities.txt,
    /// capture_runstate.py): each capability on and off alone, the sets QEMU refuses (its first
    /// error, nothing changed) and takes, the capabilities' transport checks at migrate-incoming,
    /// and HMP info migrate, info migrate_capabilities, migrate_set_capability, migrate_incoming.
    /// </summary>
    [Fact]
    public void MigrationCapabilitiesAsQemu() => Qemu10Replay.AssertSame("migrate-capabilities");

    /// <summary>Without -incoming (qmp/migrate-capabilities-no-incoming.txt): HMP migrate_incoming parses its URI first.</summary>
    [Fact]
    public void MigrationCapabilitiesWithoutIncomingAsQemu() => Qemu10Replay.AssertSame("migrate-capabilities-no-incoming");

    [Fact]
    public void MigrationCapabilityTranscriptHoldsAcceptedAndRefusedSets()
    {
        var pairs = Qemu10Replay.Run("migrate-capabilities");
        int accepted = pairs.Count(p => p.Request.Contains("\"migrate-set-capabilities\"", StringComparison.Ordinal)
            && p.Qemu["return"] is not null && p.Ours["return"] is not null);
        int refused = pairs.Count(p => p.Qemu["error"] is not null && p.Ours["error"] is not null);
        Assert.True(accepted > 40, $"accepted {accepted}");
        Assert.True(refused > 40, $"refused {refused}");
    }

    /// <summary>
    /// A URI QEMU would listen on or read from is refused once the machine is built (nothing here
    /// receives a migration); errors of the machine's options come first; the last -incoming counts.
    /// </summary>
    [Fact]
    public void IncomingOtherThanDeferIsRefusedAfterTheMachine()
    {
        var tcp = ToolRun.Of("-machine", "q35", "-incoming", "tcp:127.0.0.1:4444");
        Assert.Equal("qomsharp: -incoming tcp:127.0.0.1:4444: receiving a migration is not supported: this machine cannot migrate\n", tcp.Error);
        Assert.Equal(1, tcp.ExitCode);
        var device = ToolRun.Of("-machine", "q35", "-incoming", "unix:/tmp/x", "-device", "nope");
        Assert.Equal("qomsharp: -device nope: 'nope' is not a valid device model name\n", device.Error);
        var last = ToolRun.Of("-machine", "q35", "-incoming", "exec:cat", "-incoming", "defer", "-S");
        Assert.Equal(string.Empty, last.Error);
        Assert.Equal(QomSharp.Qdev.RunState.Inmigrate, last.Context.Qdev.RunState);
    }

    [Fact]
    public void QueryPciAndInfoPciAsQemuForTheModelledFunctions()
    {
        foreach (var name in new[] { "query-pci", "query-pci-devices" })
        {
            var (qemu, ours) = Qemu10Replay.Reply(name, """{"execute": "query-pci"}""");

            // Slot 31 holds the ICH9 functions (LPC, SATA, SMBus) of the board.
            Assert.Equal(3, ours["return"]![0]!["devices"]!.AsArray().Count(d => d!["slot"]!.GetValue<int>() == 31));
            Assert.True(JsonNode.DeepEquals(qemu, ours), ours.ToJsonString());
        }

        var (qemuText, oursText) = Qemu10Replay.Reply("query-pci-devices", Hmp("info pci"));
        Assert.Equal(qemuText["return"]!.GetValue<string>(), oursText["return"]!.GetValue<string>());
        var (qemuError, ourError) = Qemu10Replay.Reply("query-pci", """{"execute": "query-pci", "arguments": {"x": 1}}""");
        Assert.True(JsonNode.DeepEquals(qemuError, ourError));
    }

    [Fact]
    public void HumanMonitorCommandAsQemu() =>
        // The trees and device lists hold QEMU's unmodelled devices; they are compared line by line below.
        Qemu10Replay.AssertSame(
            "hmp",
            Hmp("info pci"),
            Hmp("info qtree"),
            Hmp("info qom-tree /machine/peripheral"),
            Hmp("device_add help"),
            Hmp("device_add pci-testdev,help"),
            Hmp("info qom-tree", ", \"cpu-index\": 0"));

    [Fact]
    public void HumanMonitorListsAndHelpUseQemusLines()
    {
        var (qemu, ours) = Qemu10Replay.Reply("hmp", Hmp("device_add help"));
        var qemuLines = qemu["return"]!.GetValue<string>().Split("\r\n").ToHashSet();
        // The tool tests' own test-* devices are not QEMU's.
        var ourLines = ours["return"]!.GetValue<string>().Split("\r\n")
            .Where(l => l.StartsWith("name ", StringComparison.Ordinal) && !l.StartsWith("name \"test-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(ourLines);
        Assert.All(ourLines, line => Assert.Contains(line, qemuLines));

        var (qemuPci, oursPci) = Qemu10Replay.Reply("hmp", Hmp("info pci"));
        Assert.Equal(qemuPci["return"]!.GetValue<string>(), oursPci["return"]!.GetValue<string>());

        // The user's devices with their memory regions, as QEMU shows them.
        var (qemuTree, oursTree) = Qemu10Replay.Reply("hmp", Hmp("info qom-tree /machine/peripheral"));
        Assert.Equal(qemuTree["return"]!.GetValue<string>(), oursTree["return"]!.GetValue<string>());

        var (_, help) = Qemu10Replay.Reply("hmp", Hmp("device_add pci-testdev,help"));
        Assert.Equal(HelpText(), help["return"]!.GetValue<string>().Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.StartsWith("pci-testdev options:\r\n", help["return"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static string HelpText() => ToolRun.Of("-device", "pci-testdev,help").Output;

    [Fact]
    public void QomListGetReadsEveryPropertyOfEachPath()
    {
        var context = ToolRun.Of("-device", "pcie-root-port,id=rp0,chassis=1").Context;
        var replies = Run(context, Caps,
            """{"execute": "qom-list-get", "arguments": {"paths": ["/machine/peripheral/rp0", "/machine/q35/pcie.0"]}}""",
            """{"execute": "qom-list-get", "arguments": {"paths": ["/machine", "/nope"]}}""",
            """{"execute": "qom-list-get", "arguments": {"paths": [1]}}""",
            """{"execute": "qom-list-get", "arguments": {}}""");
        var lists = replies[2]["return"]!.AsArray();
        Assert.Equal(2, lists.Count);
        var rp0 = lists[0]!["properties"]!.AsArray();
        var qomList = Run(context, Caps, """{"execute": "qom-list", "arguments": {"path": "/machine/peripheral/rp0"}}""")[2]["return"]!.AsArray();
        Assert.Equal(qomList.Select(p => p!["name"]!.GetValue<string>()), rp0.Select(p => p!["name"]!.GetValue<string>()));
        Assert.Equal("pcie-root-port", rp0.Single(p => p!["name"]!.GetValue<string>() == "type")!["value"]!.GetValue<string>());
        Assert.Equal(1, rp0.Single(p => p!["name"]!.GetValue<string>() == "chassis")!["value"]!.GetValue<int>());
        Assert.True(lists[1]!["properties"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "realized")!["value"]!.GetValue<bool>());
        Assert.Equal(("DeviceNotFound", "Device '/nope' not found"), (ErrorClass(replies[3]), Error(replies[3])));
        Assert.Equal("Invalid parameter type for 'paths[0]', expected: string", Error(replies[4]));
        Assert.Equal("Parameter 'paths' is missing", Error(replies[5]));
    }

    [Fact]
    public void CapabilityOobIsRefusedWhereTheTransportCannotRunIt()
    {
        var output = new StringWriter();
        new Qmp.QmpSession(ToolRun.Of().Context, output) { OutOfBandAvailable = false }
            .Run(new StringReader("""{"execute": "qmp_capabilities", "arguments": {"enable": ["oob"]}}""" + "\n" + Caps + "\n"));
        var lines = output.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("[]", JsonNode.Parse(lines[0])!["QMP"]!["capabilities"]!.ToJsonString());
        Assert.Equal("Capability oob not available", JsonNode.Parse(lines[1])!["error"]!["desc"]!.GetValue<string>());
        Assert.Equal("{}", JsonNode.Parse(lines[2])!["return"]!.ToJsonString());
    }

    [Fact]
    public void QueryVersionNamesQemu10AndQomSharpsPackage()
    {
        var replies = Run(ToolRun.Of().Context, Caps, """{"execute": "query-version"}""");
        Assert.Equal(QomVersion.Package, replies[0]["QMP"]!["version"]!["package"]!.GetValue<string>());
        Assert.Equal(QomVersion.Package, replies[2]["return"]!["package"]!.GetValue<string>());
        Assert.Equal((10, 0), (replies[2]["return"]!["qemu"]!["major"]!.GetValue<int>(), replies[2]["return"]!["qemu"]!["minor"]!.GetValue<int>()));
    }

    [Fact]
    public void StatusFollowsDashS()
    {
        Assert.Contains("\"status\": \"prelaunch\", \"running\": false", ToolRun.WithInput(Caps + """{"execute": "query-status"}""", "-S", "-qmp", "stdio").Output, StringComparison.Ordinal);
        Assert.Contains("\"status\": \"running\", \"running\": true", ToolRun.WithInput(Caps + """{"execute": "query-status"}""", "-qmp", "stdio").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void AGlobalThatDoesNotFitAHotPluggedDeviceIsAWarning()
    {
        var run = ToolRun.WithInput(
            Caps + """{"execute": "device_add", "arguments": {"driver": "pci-testdev", "bus": "rp0", "id": "t1"}}""" + """{"execute": "qom-get", "arguments": {"path": "t1", "property": "realized"}}""",
            "-S", "-qmp", "stdio", "-device", "pcie-root-port,id=rp0,chassis=1", "-global", "pci-testdev.membar=xyz");
        Assert.Contains("\"return\": true", run.Output, StringComparison.Ordinal);
        Assert.Equal(
            "warning: can't apply global pci-testdev.membar=xyz: Parameter 'membar' expects a non-negative number below 2^64\n" +
            "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\nand exabytes, respectively.\n",
            run.Error);
        var coldPlugged = ToolRun.Of("-global", "pci-testdev.membar=xyz", "-device", "pci-testdev");
        Assert.Equal(1, coldPlugged.ExitCode);
        Assert.StartsWith("qomsharp: -device pci-testdev: can't apply global pci-testdev.membar=xyz: ", coldPlugged.Error, StringComparison.Ordinal);
    }
}
