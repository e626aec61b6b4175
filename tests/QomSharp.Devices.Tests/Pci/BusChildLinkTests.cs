using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Qdev;

namespace QomSharp.Devices.Tests.Pci;

/// <summary>
/// A bus's <c>child[N]</c> links, which the bus derives from its list of devices until its
/// instance properties change in another way: listed, read and resolved as stored links would be,
/// after unplug and hot-plug too, and the same once the bus stores them.
/// </summary>
public class BusChildLinkTests
{
    private const string BusPath = "/machine/peripheral/pb0/pb0";

    // Native hot-plug through the bridge's SHPC (with ACPI PCI hot-plug, QEMU 10.0's default, the
    // LPC would handle the bus): an unplug presses the slot's attention button, and the function goes
    // when the guest turns the slot off (Unplug below does both).
    private static QomContext Board()
    {
        var run = ToolRun.Of("-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off", "-device", "pcie-pci-bridge,id=pb0", "-device", "pci-testdev,id=t0,bus=pb0,addr=1",
            "-device", "pci-testdev,id=t1,bus=pb0,addr=2", "-device", "pci-testdev,id=t2,bus=pb0,addr=3");
        Assert.Equal(string.Empty, run.Error);
        return run.Context;
    }

    // qom-list's child[N] entries, newest first as QEMU lists them.
    private static List<string> Links(QomContext context) =>
        QmpTranscript.Run(context, $$$"""{"execute":"qom-list","arguments":{"path":"{{{BusPath}}}"}}""")[0]["return"]!.AsArray()
            .Select(p => $"{p!["name"]} {p["type"]}")
            .Where(p => p.StartsWith("child[", System.StringComparison.Ordinal))
            .ToList();

    // device_del, then the guest's SHPC command that disables the slot with its power indicator off.
    private static JsonObject Unplug(QomContext context, string id, int slot)
    {
        var reply = QmpTranscript.Run(context, $$$"""{"execute":"device_del","arguments":{"id":"{{{id}}}"}}""")[0];
        var bridge = (QomSharp.Devices.Pci.PciePciBridge)context.ResolvePath("/machine/peripheral/pb0")!;
        bridge.ShpcController!.Write(0x14, 0x0f | ((ulong)slot << 8), 2);
        return reply;
    }

    private static string? Get(QomContext context, string property) =>
        QmpTranscript.Run(context, $$$"""{"execute":"qom-get","arguments":{"path":"{{{BusPath}}}","property":"{{{property}}}"}}""")[0]["return"]?.GetValue<string>();

    [Fact]
    public void LinksFollowPlugUnplugAndHotplug()
    {
        var context = Board();
        Assert.Equal(["child[2] link<pci-testdev>", "child[1] link<pci-testdev>", "child[0] link<pci-testdev>"], Links(context));
        Assert.Equal("/machine/peripheral/t1", Get(context, "child[1]"));
        Assert.Same(context.ResolvePath("/machine/peripheral/t2"), context.ResolvePath(BusPath + "/child[2]"));

        // Unplugged: its link goes; the index is not reused by the next device.
        Assert.Null(QmpTranscript.Error(Unplug(context, "t1", 2)));
        var replies = QmpTranscript.Run(context, """{"execute":"device_add","arguments":{"driver":"pci-testdev","id":"t3","bus":"pb0","addr":"4"}}""",
            $$$"""{"execute":"qom-get","arguments":{"path":"{{{BusPath}}}","property":"child[1]"}}""",
            $$$"""{"execute":"qom-get","arguments":{"path":"{{{BusPath}}}","property":"child[01]"}}""");
        Assert.Null(QmpTranscript.Error(replies[0]));
        Assert.Equal("Property 'PCI.child[1]' not found", QmpTranscript.Error(replies[1]));
        Assert.Equal("Property 'PCI.child[01]' not found", QmpTranscript.Error(replies[2]));
        Assert.Equal(["child[3] link<pci-testdev>", "child[2] link<pci-testdev>", "child[0] link<pci-testdev>"], Links(context));
        Assert.Equal("/machine/peripheral/t3", Get(context, "child[3]"));
        Assert.Null(context.ResolvePath(BusPath + "/child[1]"));
    }

    [Fact]
    public void StoredOnceAnotherPropertyIsAddedAndListedAlike()
    {
        var context = Board();
        var bus = (Bus)context.ResolvePath(BusPath)!;
        var before = bus.InstanceProperties.Select(p => $"{p.Name} {p.Type}").ToList();

        // Added after the links: listed after them, and the links now stored keep their order.
        bus.AddProperty(new QomStringProperty("extra", static _ => "x", null));
        Assert.Equal([.. before, "extra str"], bus.InstanceProperties.Select(p => $"{p.Name} {p.Type}").ToList());
        Assert.Throws<QomException>(() => bus.AddProperty(new QomStringProperty("child[0]", static _ => "x", null)));

        // Still one link per device after an unplug and a hot-plug.
        Unplug(context, "t0", 1);
        QmpTranscript.Run(context, """{"execute":"device_add","arguments":{"driver":"pci-testdev","id":"t3","bus":"pb0","addr":"4"}}""");
        Assert.Equal(["child[3] link<pci-testdev>", "child[2] link<pci-testdev>", "child[1] link<pci-testdev>"], Links(context));
        Assert.Equal("/machine/peripheral/t3", Get(context, "child[3]"));

        // Deleting a link by name leaves the device on the bus, as in QEMU.
        bus.DeleteProperty("child[2]");
        Assert.Equal(["child[3] link<pci-testdev>", "child[1] link<pci-testdev>"], Links(context));
        Assert.Equal(3, bus.ChildCount);
    }

    [Fact]
    public void DeletingADerivedLinkStoresTheOthers()
    {
        var context = Board();
        var bus = (Bus)context.ResolvePath(BusPath)!;
        bus.DeleteProperty("child[0]");
        Assert.Equal(["child[2] link<pci-testdev>", "child[1] link<pci-testdev>"], Links(context));
        Assert.Equal(3, bus.ChildCount);
        Assert.Throws<QomException>(() => bus.DeleteProperty("child[0]"));
    }

    [Fact]
    public void ALinkNamedPropertyAddedBeforeAnyDeviceMakesTheDeviceADuplicate()
    {
        var run = ToolRun.Of("-device", "pcie-pci-bridge,id=pb0");
        var bus = (Bus)run.Context.ResolvePath(BusPath)!;
        bus.AddProperty(new QomStringProperty("child[0]", static _ => "x", null));
        var replies = QmpTranscript.Run(run.Context, """{"execute":"device_add","arguments":{"driver":"pci-testdev","bus":"pb0","addr":"1"}}""");
        Assert.Equal("attempt to add duplicate property 'child[0]' to object (type 'PCI')", QmpTranscript.Error(replies[0]));
    }
    // A property added after the links (as the ACPI hot-plug selector is, to every bridge's bus
    // when the machine is ready) is listed after them while they stay derived: no link property
    // is made for it. A device plugged after it, a deletion or a move then stores them in place.
    [Fact]
    public void APropertyAddedAfterTheLinksLeavesThemDerived()
    {
        var context = Board();
        var bus = (Bus)context.ResolvePath(BusPath)!;
        var before = bus.InstanceProperties.Select(p => $"{p.Name} {p.Type}").ToList();
        var extra = new QomStringProperty("extra", static _ => "x", null);
        Assert.Null(bus.FindProperty("extra"));
        long allocated = System.GC.GetAllocatedBytesForCurrentThread();
        bus.AddProperty(extra);
        allocated = System.GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.InRange(allocated, 0, 100);
        Assert.Equal([.. before, "extra str"], bus.InstanceProperties.Select(p => $"{p.Name} {p.Type}").ToList());
        Assert.Equal("/machine/peripheral/t1", Get(context, "child[1]"));
        Assert.Equal("x", Get(context, "extra"));
        Assert.Throws<QomException>(() => bus.AddProperty(new QomStringProperty("child[2]", static _ => "x", null)));

        // A second one goes after the first; an unplug takes its link out of the middle.
        bus.AddProperty(new QomStringProperty("more", static _ => "y", null));
        Unplug(context, "t1", 2);
        var links = before.Where(p => p.StartsWith("child[", System.StringComparison.Ordinal)).Where(p => !p.StartsWith("child[1]", System.StringComparison.Ordinal)).ToList();
        var others = before.Where(p => !p.StartsWith("child[", System.StringComparison.Ordinal)).ToList();
        Assert.Equal([.. others, .. links, "extra str", "more str"], bus.InstanceProperties.Select(p => $"{p.Name} {p.Type}").ToList());

        // Hot-plugged after them: its link comes last, the others keep their place.
        QmpTranscript.Run(context, """{"execute":"device_add","arguments":{"driver":"pci-testdev","id":"t3","bus":"pb0","addr":"4"}}""");
        Assert.Equal([.. others, .. links, "extra str", "more str", "child[3] link<pci-testdev>"],
            bus.InstanceProperties.Select(p => $"{p.Name} {p.Type}").ToList());
        Assert.Equal(["child[3] link<pci-testdev>", "child[2] link<pci-testdev>", "child[0] link<pci-testdev>"], Links(context));

        // Deleting the first of the later ones keeps the rest in order.
        bus.DeleteProperty("extra");
        Assert.Equal([.. others, .. links, "more str", "child[3] link<pci-testdev>"], bus.InstanceProperties.Select(p => $"{p.Name} {p.Type}").ToList());
    }

    [Fact]
    public void DeletingAPropertyBeforeTheLinksKeepsTheOrder()
    {
        var context = Board();
        var bus = (Bus)context.ResolvePath(BusPath)!;
        var before = bus.InstanceProperties.Select(p => $"{p.Name} {p.Type}").ToList();
        bus.AddProperty(new QomStringProperty("extra", static _ => "x", null));
        bus.DeleteProperty("extra");
        bus.AddProperty(new QomStringProperty("late", static _ => "x", null));
        Assert.Equal([.. before, "late str"], bus.InstanceProperties.Select(p => $"{p.Name} {p.Type}").ToList());
        Assert.Equal(["child[2] link<pci-testdev>", "child[1] link<pci-testdev>", "child[0] link<pci-testdev>"], Links(context));
    }
}
