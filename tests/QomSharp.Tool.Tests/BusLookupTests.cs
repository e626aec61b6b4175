using System.Collections.Generic;
using System.Runtime.CompilerServices;
using QomSharp.Qdev;

namespace QomSharp.Tool.Tests;

/// <summary>
/// <c>bus=</c> through the index of bus names: QEMU's tree order among buses sharing a name (the
/// first that is not full), and buses leaving the lookup when their device is unplugged or fails
/// to realize, and coming back under a reused id. (QEMU's replies for the PCI cases are compared in
/// <see cref="Qemu10QmpTests.BusLookupAsQemu"/>.)
/// </summary>
public class BusLookupTests
{
    // An anonymous test-bridge's bus is named test-bus.0 (its type and the class's first number);
    // a test-bridge with id test-bus names its bus test-bus.0 too. Each test-bus takes two devices.
    private static QomContext TwoBusesNamedAlike() => Tool(
        "-machine", "test-board", "-device", "test-bridge", "-device", "test-bridge,id=test-bus,base=0xfe001000");

    [Fact]
    public void SharedNameTakesTheFirstBusInTreeOrderThatIsNotFull()
    {
        var context = TwoBusesNamedAlike();
        var newer = Bus(context, "/machine/peripheral/test-bus");
        var older = Bus(context, "/machine/peripheral-anon/device[0]");
        Assert.Equal((newer.Name, older.Name), ("test-bus.0", "test-bus.0"));

        // The newer bridge comes first in the tree (QEMU lists a bus's devices newest first).
        var placed = new List<Bus?>();
        for (int i = 1; i <= 4; i++)
        {
            placed.Add(Add(context, $"driver=test-leaf,bus=test-bus.0,id=l{i}").ParentBus);
        }

        Assert.Equal([newer, newer, older, older], placed);
        var full = Assert.Throws<QomException>(() => Add(context, "driver=test-leaf,bus=test-bus.0,id=l5"));
        Assert.Equal("Bus 'test-bus.0' is full", full.Message);
    }

    [Fact]
    public void UnplugFreesRoomOnTheFirstBusOfTheSharedName()
    {
        var context = TwoBusesNamedAlike();
        for (int i = 1; i <= 4; i++)
        {
            Add(context, $"driver=test-leaf,bus=test-bus.0,id=l{i}");
        }

        QdevMonitor.DeviceDelete(context, "l3");
        Assert.Same(Bus(context, "/machine/peripheral-anon/device[0]"), Add(context, "driver=test-leaf,bus=test-bus.0,id=l5").ParentBus);
        QdevMonitor.DeviceDelete(context, "l1");
        Assert.Same(Bus(context, "/machine/peripheral/test-bus"), Add(context, "driver=test-leaf,bus=test-bus.0,id=l6").ParentBus);
    }

    [Fact]
    public void UnpluggedBridgeTakesItsBusOutOfTheLookupAndAReusedIdBringsANewOne()
    {
        // Native hot-plug, whose unplug completes at once (ACPI PCI hot-plug, the default, waits for the guest's eject).
        var context = Tool("-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off", "-machine", "q35", "-device", "pcie-root-port,id=rp0,chassis=1");
        var old = UnplugBridge(context);
        var missing = Assert.Throws<QomException>(() => Add(context, "driver=pci-testdev,bus=pb1"));
        Assert.Equal("Bus 'pb1' not found", missing.Message);
        Collect();
        Assert.False(old.IsAlive, "the unplugged bridge's bus is still held");

        Add(context, "driver=pcie-pci-bridge,bus=rp0,id=pb1");
        var device = Add(context, "driver=pci-testdev,bus=pb1,id=t1,addr=1.0");
        Assert.Same(context.ResolvePath("/machine/peripheral/pb1/pb1"), device.ParentBus);
    }

    [Fact]
    public void FailedRealizeLeavesNoBusBehind()
    {
        var context = Tool("-machine", "q35", "-device", "pcie-root-port,id=rp0,chassis=1");
        var refused = Assert.Throws<QomException>(() => Add(context, "driver=pci-bridge,bus=rp0,id=b1"));
        Assert.Equal("Bridge chassis not specified. Each bridge is required to be assigned a unique chassis id > 0.", refused.Message);
        Assert.Equal("Bus 'b1' not found", Assert.Throws<QomException>(() => Add(context, "driver=pci-testdev,bus=b1")).Message);

        Add(context, "driver=pci-bridge,bus=rp0,id=b1,chassis_nr=7");
        Assert.Same(context.ResolvePath("/machine/peripheral/b1/b1"), Add(context, "driver=pci-testdev,bus=b1,addr=1.0").ParentBus);
    }

    [Fact]
    public void UnpluggingOneOfTwoBusesNamedAlikeLeavesTheOther()
    {
        // A root port with id pcie.0 behind rp1 names its bus like the root bus.
        // Native hot-plug, whose unplug completes at once (ACPI PCI hot-plug, the default, waits for the guest's eject).
        var context = Tool("-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off", "-machine", "q35", "-device", "pcie-root-port,id=rp0,chassis=1", "-device", "pcie-root-port,id=rp1,chassis=2");
        Add(context, "driver=pcie-root-port,bus=rp1,id=pcie.0,chassis=3");
        Assert.Same(context.ResolvePath("/machine/peripheral/pcie.0/pcie.0"), Add(context, "driver=pci-testdev,bus=rp1/pcie.0,id=t1").ParentBus);
        Assert.Equal("Bus 'pcie.0' does not support hotplugging", Assert.Throws<QomException>(() => Add(context, "driver=pci-testdev,bus=pcie.0")).Message);

        QdevMonitor.DeviceDelete(context, "pcie.0");
        Assert.Null(context.ResolvePath("/machine/peripheral/pcie.0"));
        Assert.Equal("Bus 'pcie.0' does not support hotplugging", Assert.Throws<QomException>(() => Add(context, "driver=pci-testdev,bus=pcie.0")).Message);
        Assert.Equal("Device 'pcie.0' not found", Assert.Throws<QomException>(() => Add(context, "driver=pci-testdev,bus=rp1/pcie.0")).Message);

        // The root bus is now the only pcie.0.
        var machine = (Machine)context.ResolvePath("/machine")!;
        Assert.Same(context.ResolvePath("/machine/q35/pcie.0"), BusFinder.Find(machine.MainSystemBus, "pcie.0"));
    }

    [Fact]
    public void UnpluggedRootPortGivesItsChassisSlotBack()
    {
        // Native hot-plug, whose unplug completes at once (ACPI PCI hot-plug, the default, waits for the guest's eject).
        var context = Tool("-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off", "-machine", "q35", "-device", "pcie-root-port,id=rp0,chassis=1", "-device", "pcie-root-port,id=rp1,chassis=2");
        Add(context, "driver=pcie-root-port,bus=rp0,id=a,chassis=9");
        var busy = Assert.Throws<QomException>(() => Add(context, "driver=pcie-root-port,bus=rp1,id=b,chassis=9"));
        Assert.Equal("Can't add chassis slot, error -16", busy.Message);

        QdevMonitor.DeviceDelete(context, "a");
        Assert.Null(context.ResolvePath("/machine/peripheral/a"));
        Add(context, "driver=pcie-root-port,bus=rp1,id=b,chassis=9");
    }

    [Fact]
    public void LookupsAllocateNothing()
    {
        var context = Tool("-machine", "q35", "-device", "pcie-root-port,id=rp0,chassis=1", "-device", "pcie-root-port,id=rp1,chassis=2",
            "-device", "pcie-pci-bridge,id=pb0,bus=rp0", "-device", "pci-testdev,bus=pb0,addr=1.0", "-device", "pcie-root-port,id=pcie.0,bus=rp1,chassis=3");
        var root = ((Machine)context.ResolvePath("/machine")!).MainSystemBus;
        string[] paths = ["pb0", "pcie.0", "rp1/pcie.0", "/q35-pcihost/pcie.0/rp0/rp0/pcie-pci-bridge"];
        foreach (string path in paths)
        {
            BusFinder.Find(root, path);
        }

        // The first pass builds each bus class's cast data once (a class is built, and its casts
        // prepared, only when something needs it); the passes after it must allocate nothing.
        long before = 0;
        for (int i = -1; i < 100; i++)
        {
            if (i == 0)
            {
                before = System.GC.GetAllocatedBytesForCurrentThread();
            }

            BusFinder.FindRecursive(root, "pb0", null);
            BusFinder.FindRecursive(root, "pcie.0", null);
            BusFinder.FindRecursive(root, null, "pcie-pci-bridge");
            BusFinder.FindRecursive(root, null, "nope");
        }

        Assert.Equal(0, System.GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // Hot-plugs pcie-pci-bridge pb1 (with a device behind it) on rp0, unplugs it, and returns a weak reference to its bus.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static System.WeakReference UnplugBridge(QomContext context)
    {
        Add(context, "driver=pcie-pci-bridge,bus=rp0,id=pb1");
        Add(context, "driver=pci-testdev,bus=pb1,id=t0,addr=1.0");
        var bus = context.ResolvePath("/machine/peripheral/pb1/pb1")!;
        QdevMonitor.DeviceDelete(context, "pb1");
        Assert.Null(context.ResolvePath("/machine/peripheral/pb1"));
        return new System.WeakReference(bus);
    }

    private static void Collect()
    {
        for (int i = 0; i < 3; i++)
        {
            System.GC.Collect();
            System.GC.WaitForPendingFinalizers();
        }
    }

    private static QomContext Tool(params string[] args)
    {
        var run = ToolRun.Of(args);
        Assert.Equal(string.Empty, run.Error);
        return run.Context;
    }

    private static Bus Bus(QomContext context, string devicePath) => ((Device)context.ResolvePath(devicePath)!).ChildBuses.Single();

    // device_add with "key=value,..." options (plain values only).
    private static Device Add(QomContext context, string options)
    {
        var pairs = new List<KeyValuePair<string, QomInput>>();
        foreach (string pair in options.Split(','))
        {
            int eq = pair.IndexOf('=');
            pairs.Add(new(pair[..eq], QomInput.FromKeyval(pair[(eq + 1)..])));
        }

        return QdevMonitor.DeviceAdd(context, pairs);
    }
}
