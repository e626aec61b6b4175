using QomSharp.Monitor;
using QomSharp.Qdev;

namespace QomSharp.Tool.Tests;

/// <summary>
/// QEMU's device-introspect-test, re-expressed: every type's property list can be taken, and every
/// creatable device type can be created and destroyed, without changing the tree or leaking.
/// </summary>
public class IntrospectionScenarioTests
{
    [Fact]
    public void EveryTypeIntrospectsAndEveryDeviceIsCreatedAndDestroyedCleanly()
    {
        var context = ToolRun.Of("-machine", "test-board", "-device", "test-bridge,id=br0").Context;
        string treeBefore = TreePrinter.QomTree(context, "/");
        foreach (var klass in context.GetClasses(includeAbstract: true))
        {
            if (klass.DynamicCast("object") is null)
            {
                Assert.Equal("Parameter 'typename' expects a QOM type", Assert.Throws<QomException>(() => Introspection.QomListProperties(context, klass.Name)).Message);
                continue;
            }

            var listed = Introspection.QomListProperties(context, klass.Name);
            Assert.Contains(listed, p => p.Name == "type");
            if (klass is DeviceClass { IsAbstract: false })
            {
                var rows = Introspection.DeviceListProperties(context, klass.Name);
                Assert.DoesNotContain(rows, r => r.Name is "type" or "realized" or "hotpluggable" or "hotplugged" or "parent_bus");
                var device = (Device)klass.CreateInstance();
                Assert.Equal(1, device.RefCount);
                device.Unref();
                Assert.True(device.IsFinalized);
            }
        }

        Assert.Equal(treeBefore, TreePrinter.QomTree(context, "/"));
    }

    // A bus-less device is on no bus, so qtree (which walks buses) does not show it, as in QEMU.
    [Fact]
    public void InfoQtreePrintsBusesDevicesAndStaticProperties()
    {
        var context = ToolRun.Of("-machine", "test-board", "-device", "test-bridge,id=br0", "-device", "test-leaf,id=l0,slot=5", "-device", "test-busless,label=hi").Context;
        Assert.Equal(
            "bus: main-system-bus\n" +
            "  type System\n" +
            "  dev: test-bridge, id \"br0\"\n" +
            "    hotplug = true\n" +
            "    base = 4261412864 (0xfe000000)\n" +
            "    bus: br0.0\n" +
            "      type test-bus\n" +
            "      dev: test-leaf, id \"l0\"\n" +
            "        slot = 5 (0x5)\n",
            Hmp.Execute(context, "info qtree"));
    }
}
