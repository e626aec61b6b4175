using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.Encodings.Web;
using System.Text.Json;
using static QomSharp.Tool.Tests.QmpTranscript;

namespace QomSharp.Tool.Tests;

/// <summary>QMP with QEMU's protocol, error classes and texts.</summary>
public class QmpTests
{
    // Compare JSON as QEMU writes it: '<' and '>' unescaped.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string Caps = """{"execute": "qmp_capabilities"}""";

    private static QomContext Machine(params string[] args)
    {
        var run = ToolRun.Of(["-machine", "test-board", .. args]);
        Assert.Equal(string.Empty, run.Error);
        return run.Context;
    }

    [Fact]
    public void GreetingNegotiationAndProtocolErrors()
    {
        var replies = Run(Machine(),
            """{"execute": "query-version"}""", Caps, Caps, "garbage", """{"execute":""", "}", "[1]",
            """{"exec": "x"}""", """{"execute": "query-version", "id": "abc"}""", """{"execute": "bogus"}""");
        Assert.Equal(10, replies[0]["QMP"]!["version"]!["qemu"]!["major"]!.GetValue<int>());
        Assert.Equal(("CommandNotFound", "Expecting capabilities negotiation with 'qmp_capabilities'"), (ErrorClass(replies[1]), Error(replies[1])));
        Assert.Equal("{}", replies[2]["return"]!.ToJsonString(Relaxed));
        Assert.Equal("Capabilities negotiation is already complete, command ignored", Error(replies[3]));
        Assert.Equal("JSON parse error, invalid keyword 'garbage'", Error(replies[4]));
        Assert.Equal("JSON parse error, expecting value", Error(replies[5]));
        Assert.Equal("QMP input must be a JSON object", Error(replies[6]));
        Assert.Equal("QMP input member 'exec' is unexpected", Error(replies[7]));
        Assert.Equal("abc", replies[8]["id"]!.GetValue<string>());
        Assert.Equal(("CommandNotFound", "The command bogus has not been found"), (ErrorClass(replies[9]), Error(replies[9])));
    }

    [Fact]
    public void ArgumentChecking()
    {
        var replies = Run(Machine(), Caps,
            """{"execute": "qom-list"}""",
            """{"execute": "qom-list", "arguments": {"path": "/", "bogus": 1}}""",
            """{"execute": "qom-list", "arguments": {"path": 5}}""");
        Assert.Equal("Parameter 'path' is missing", Error(replies[2]));
        Assert.Equal("Parameter 'bogus' is unexpected", Error(replies[3]));
        Assert.Equal("Invalid parameter type for 'path', expected: string", Error(replies[4]));
    }

    [Fact]
    public void QomListGetSetAndTheirErrors()
    {
        var replies = Run(Machine("-device", "test-busless,id=d0"), Caps,
            """{"execute": "qom-list", "arguments": {"path": "/machine/peripheral"}}""",
            """{"execute": "qom-get", "arguments": {"path": "/machine/peripheral/d0", "property": "level"}}""",
            """{"execute": "qom-get", "arguments": {"path": "/machine", "property": "nope"}}""",
            """{"execute": "qom-set", "arguments": {"path": "/machine", "property": "type", "value": "x"}}""",
            """{"execute": "qom-set", "arguments": {"path": "d0", "property": "level", "value": 5}}""",
            """{"execute": "qom-list", "arguments": {"path": "nope"}}""",
            """{"execute": "qom-get", "arguments": {"path": "nope", "property": "type"}}""");
        Assert.Equal("""[{"name":"type","type":"string"},{"name":"d0","type":"child<test-busless>"}]""", replies[2]["return"]!.ToJsonString(Relaxed));
        Assert.Equal(3, replies[3]["return"]!.GetValue<int>());
        Assert.Equal("Property 'test-board-machine.nope' not found", Error(replies[4]));
        Assert.Equal("Property 'test-board-machine.type' is not writable", Error(replies[5]));
        Assert.Equal("Attempt to set property 'level' on device 'd0' (type 'test-busless') after it was realized", Error(replies[6]));
        Assert.Equal(("DeviceNotFound", "Device 'nope' not found"), (ErrorClass(replies[7]), Error(replies[7])));
        Assert.Equal(("DeviceNotFound", "Device 'nope' not found"), (ErrorClass(replies[8]), Error(replies[8])));
    }

    [Fact]
    public void AmbiguousPathsDifferBetweenQomListAndQomGet()
    {
        // A bus named like its device makes the partial path ambiguous (QEMU 7.2: 'rp0').
        var context = Machine("-device", "test-bridge,id=br0");
        var bus = context.ResolvePath("/machine/peripheral/br0/br0.0")!;
        context.ResolvePath("/machine/peripheral")!.AddChild("br0.0", context.New("container"));
        var replies = Run(context, Caps,
            """{"execute": "qom-list", "arguments": {"path": "br0.0"}}""",
            """{"execute": "qom-get", "arguments": {"path": "br0.0", "property": "type"}}""");
        Assert.NotNull(bus);
        Assert.Equal("Path 'br0.0' is ambiguous", Error(replies[2]));
        Assert.Equal("Device 'br0.0' not found", Error(replies[3]));
    }

    [Fact]
    public void HotplugAndUnplugWithDeviceDeletedEvent()
    {
        var context = Machine("-device", "test-bridge,id=br0", "-device", "test-bridge,id=br1,hotplug=off,base=0xfe001000");
        var replies = Run(context, Caps,
            """{"execute": "device_add", "arguments": {"driver": "test-leaf", "id": "l0", "bus": "br0.0", "slot": 3}}""",
            """{"execute": "qom-get", "arguments": {"path": "/machine/peripheral/l0", "property": "hotplugged"}}""",
            """{"execute": "device_add", "arguments": {"driver": "test-leaf", "bus": "br1.0"}}""",
            """{"execute": "device_add", "arguments": {"driver": "test-busless"}}""",
            """{"execute": "device_add", "arguments": {"driver": "test-leaf", "id": "l0", "bus": "br0.0"}}""",
            """{"execute": "device_del", "arguments": {"id": "l0"}}""",
            """{"execute": "device_del", "arguments": {"id": "l0"}}""",
            """{"execute": "device_del", "arguments": {"id": "br0"}}""");
        Assert.Equal("{}", replies[2]["return"]!.ToJsonString(Relaxed));
        Assert.True(replies[3]["return"]!.GetValue<bool>());
        Assert.Equal("Bus 'br1.0' does not support hotplugging", Error(replies[4]));
        Assert.Equal("Device 'test-busless' can not be hotplugged on this machine", Error(replies[5]));
        Assert.Equal("Duplicate device ID 'l0'", Error(replies[6]));
        // The reply first, then the event (QEMU sends it once the released device is finalized).
        Assert.Equal("{}", replies[7]["return"]!.ToJsonString(Relaxed));
        Assert.Equal("DEVICE_DELETED", replies[8]["event"]!.GetValue<string>());
        Assert.Equal("""{"device":"l0","path":"/machine/peripheral/l0"}""", replies[8]["data"]!.ToJsonString(Relaxed));
        Assert.Equal(("DeviceNotFound", "Device 'l0' not found"), (ErrorClass(replies[9]), Error(replies[9])));
        Assert.Equal("Bus 'main-system-bus' does not support hotplugging", Error(replies[10]));
        Assert.Null(context.ResolvePath("/machine/peripheral/l0"));
    }

    [Fact]
    public void DeviceDeletedNamesThePathFromRealizeWhenAnAncestorIsFinalized()
    {
        // Devices unplugged because the container holding them is unparented and finalized: each
        // DEVICE_DELETED names the path the device had when realized (QEMU keeps it from realize),
        // though the container is already out of the tree when the device's unparent runs.
        var context = Machine("-device", "test-bridge,id=br0", "-device", "test-leaf,bus=br0.0,slot=2", "-device", "test-leaf,id=l1,bus=br0.0,slot=3");
        var events = new List<(string? Id, string Path)>();
        context.Qdev.DeviceDeleted += (id, path) => events.Add((id, path));
        context.ResolvePath("/machine/peripheral")!.Unparent();
        Assert.Equal(
            [(null, "/machine/peripheral-anon/device[0]"), ("br0", "/machine/peripheral/br0"), ("l1", "/machine/peripheral/l1")],
            events.OrderBy(e => e.Path, StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void DeviceDeletedNamesThePathFromRealizeWhenAnAncestorStillReferencedGoesLater()
    {
        // The container is unparented while something else still holds it: its devices stay until
        // that last reference goes, and then each DEVICE_DELETED names the path from realize.
        var context = Machine("-device", "test-bridge,id=br0", "-device", "test-leaf,bus=br0.0,slot=2", "-device", "test-leaf,id=l1,bus=br0.0,slot=3");
        var events = new List<(string? Id, string Path)>();
        context.Qdev.DeviceDeleted += (id, path) => events.Add((id, path));
        var peripheral = context.ResolvePath("/machine/peripheral")!.Ref();
        context.ResolvePath("/machine/peripheral")!.Unparent();
        Assert.Empty(events);
        peripheral.Unref();
        Assert.Equal(
            [(null, "/machine/peripheral-anon/device[0]"), ("br0", "/machine/peripheral/br0"), ("l1", "/machine/peripheral/l1")],
            events.OrderBy(e => e.Path, StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void FailedDeviceAddLeavesQomListIdentical()
    {
        var context = Machine("-device", "test-bridge,id=br0");
        var bridge = context.ResolvePath("/machine/peripheral/br0")!;
        int bridgeRefs = bridge.RefCount;
        const string list = """{"execute": "qom-list", "arguments": {"path": "/machine/peripheral/br0/br0.0"}}""";
        var replies = Run(context, Caps, list,
            """{"execute": "device_add", "arguments": {"driver": "test-leaf", "id": "l9", "bus": "br0.0", "slot": "x"}}""",
            """{"execute": "device_add", "arguments": {"driver": "test-leaf", "id": "l9", "bus": "br0.0", "slot": 99999999999}}""",
            """{"execute": "device_add", "arguments": {"driver": "test-leaf", "bus": "br0.0", "nope": 1}}""",
            list,
            """{"execute": "qom-list", "arguments": {"path": "/machine/peripheral"}}""");
        // QEMU 10.0's device_add takes typed values (QEMU 7.2 converted them to strings first).
        Assert.Equal("Invalid parameter type for 'slot', expected: integer", Error(replies[3]));
        Assert.Equal("Parameter 'slot' expects int32_t", Error(replies[4]));
        Assert.Equal("Property 'test-leaf.nope' not found", Error(replies[5]));
        Assert.Equal(replies[2]["return"]!.ToJsonString(Relaxed), replies[6]["return"]!.ToJsonString(Relaxed));
        Assert.DoesNotContain("l9", replies[7]["return"]!.ToJsonString(Relaxed));
        Assert.Equal(bridgeRefs, bridge.RefCount);
    }

    [Fact]
    public void IntrospectionCommands()
    {
        var replies = Run(Machine(), Caps,
            """{"execute": "qom-list-types", "arguments": {"implements": "test-bus"}}""",
            """{"execute": "qom-list-types", "arguments": {"implements": "device", "abstract": true}}""",
            """{"execute": "device-list-properties", "arguments": {"typename": "test-busless"}}""",
            """{"execute": "device-list-properties", "arguments": {"typename": "device"}}""",
            """{"execute": "device-list-properties", "arguments": {"typename": "nope"}}""",
            """{"execute": "qom-list-properties", "arguments": {"typename": "device"}}""",
            """{"execute": "qom-list-properties", "arguments": {"typename": "user-creatable"}}""",
            """{"execute": "qom-list-properties", "arguments": {"typename": "nope"}}""");
        Assert.Equal("""[{"name":"test-bus","parent":"bus"}]""", replies[2]["return"]!.ToJsonString(Relaxed));
        var devices = replies[3]["return"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new[] { "device", "sys-bus-device", "test-bridge", "test-busless", "test-leaf" }.ToHashSet(), devices);
        Assert.Contains(replies[3]["return"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "device" && t["abstract"]!.GetValue<bool>());
        Assert.Equal(
            """[{"name":"fail-realize","type":"bool","description":"on/off","default-value":false},{"name":"label","type":"str"},{"name":"level","type":"uint8","default-value":3},{"name":"dyn-level","type":"uint32"}]""",
            replies[4]["return"]!.ToJsonString(Relaxed));
        Assert.Equal("Parameter 'typename' expects a non-abstract device type", Error(replies[5]));
        Assert.Equal(("DeviceNotFound", "Device 'nope' not found"), (ErrorClass(replies[6]), Error(replies[6])));
        Assert.Equal(
            """[{"name":"type","type":"string"},{"name":"parent_bus","type":"link<bus>"},{"name":"realized","type":"bool"},{"name":"hotplugged","type":"bool"},{"name":"hotpluggable","type":"bool"}]""",
            replies[7]["return"]!.ToJsonString(Relaxed));
        Assert.Equal("Parameter 'typename' expects a QOM type", Error(replies[8]));
        Assert.Equal(("DeviceNotFound", "Class 'nope' not found"), (ErrorClass(replies[9]), Error(replies[9])));
    }

    [Fact]
    public void ObjectAddAndDel()
    {
        var context = Machine();
        var replies = Run(context, Caps,
            """{"execute": "object-add", "arguments": {"qom-type": "test-object", "id": "o1", "size": 4096}}""",
            """{"execute": "object-add", "arguments": {"qom-type": "test-object", "id": "o1"}}""",
            """{"execute": "object-add", "arguments": {"qom-type": "nope", "id": "x"}}""",
            """{"execute": "object-add", "arguments": {"qom-type": "test-object", "id": "o2", "size": 13}}""",
            """{"execute": "object-del", "arguments": {"id": "nope"}}""",
            """{"execute": "object-del", "arguments": {"id": "o1"}}""");
        Assert.Equal("{}", replies[2]["return"]!.ToJsonString(Relaxed));
        Assert.Equal("attempt to add duplicate property 'o1' to object (type 'container')", Error(replies[3]));
        Assert.Equal("Parameter 'qom-type' does not accept value 'nope'", Error(replies[4]));
        Assert.Equal("test-object: unlucky size", Error(replies[5]));
        Assert.Equal("object 'nope' not found", Error(replies[6]));
        Assert.Equal("{}", replies[7]["return"]!.ToJsonString(Relaxed));
        Assert.Equal(["chardevs", "objects", "backend", "machine"], context.Root.Children.Select(c => c.Name).ToArray());
        // The machine's RAM backend stays.
        Assert.Equal(["ram"], context.GetRootContainer("objects").Children.Select(c => c.Name).ToArray());
    }

    [Fact]
    public void ObjectInUseCannotBeDeleted()
    {
        var context = Machine("-object", "test-object,id=o1");
        ((TestObject)context.ResolvePath("/objects/o1")!).InUse = true;
        var replies = Run(context, Caps, """{"execute": "object-del", "arguments": {"id": "o1"}}""");
        Assert.Equal("object 'o1' is in use, can not be deleted", Error(replies[2]));
    }

    [Fact]
    public void HumanMonitorQomTreeAndQuit()
    {
        var replies = Run(Machine("-device", "test-busless,id=d0"), Caps,
            """{"execute": "human-monitor-command", "arguments": {"command-line": "info qom-tree /machine/peripheral"}}""",
            """{"execute": "human-monitor-command", "arguments": {"command-line": "info qom-tree /nope"}}""",
            """{"execute": "quit"}""",
            """{"execute": "query-version"}""");
        Assert.Equal("/peripheral (container)\r\n  /d0 (test-busless)\r\n", replies[2]["return"]!.GetValue<string>());
        Assert.Equal("Path '/nope' could not be resolved.\r\n", replies[3]["return"]!.GetValue<string>());
        Assert.Equal("SHUTDOWN", replies[4]["event"]!.GetValue<string>());
        Assert.Equal("""{"guest":false,"reason":"host-qmp-quit"}""", replies[4]["data"]!.ToJsonString(Relaxed));
        Assert.Equal("{}", replies[5]["return"]!.ToJsonString(Relaxed));
        Assert.Equal(6, replies.Count);
    }
}
