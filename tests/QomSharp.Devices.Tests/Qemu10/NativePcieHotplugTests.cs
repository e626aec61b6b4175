using System;
using System.Linq;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// Native PCI Express and SHPC hot-plug against QEMU 10.0 (capture_pci_config.py, qtest-native-hotplug.txt and the others):
/// QMP's device_del and device_add on root ports that handle their own hot-plug, with the slot
/// control and status registers read and written over qtest as the guest would: an unplug waits for
/// the guest to power the slot off, and DEVICE_DELETED follows that write.
/// </summary>
public sealed class NativePcieHotplugTests
{

    [Fact]
    public void SlotRegistersUnplugAndEventsAreQemu10s() => Replay("qtest-native-hotplug.txt", 60);

    /// <summary>
    /// The standard hot-plug controller of <c>pci-bridge</c> and <c>pcie-pci-bridge</c>
    /// (qtest-shpc-hotplug.txt): its registers through BAR0 and the capability's window, the
    /// guest's slot commands, and device_add and device_del into its slots.
    /// </summary>
    [Fact]
    public void ShpcRegistersCommandsAndHotplugAreQemu10s() => Replay("qtest-shpc-hotplug.txt", 250);

    /// <summary>
    /// The slot's power (qtest-native-hotplug-power.txt): a function in a slot the guest powered
    /// off, or hot-plugged into an off slot, or without its function 0, is hidden from configuration
    /// cycles and reset by the power-off; then a sweep of slot control writes read back with the status.
    /// </summary>
    [Fact]
    public void PoweredOffFunctionsAndSlotControlSweepAreQemu10s() => Replay("qtest-native-hotplug-power.txt", 100);

    /// <summary>
    /// The slot's notification through the root port's MSI-X vector (qtest-native-hotplug-msix.txt):
    /// the table and pending bits in BAR0, a masked vector left pending by an enabled slot event and
    /// sent when unmasked.
    /// </summary>
    [Fact]
    public void HotplugNotificationThroughMsixIsQemu10s() => Replay("qtest-native-hotplug-msix.txt", 50);

    /// <summary>
    /// The hot-plug interrupts with MSI and MSI-X off (qtest-hotplug-intx.txt): root ports' slot
    /// events and SHPC bridges' on their INTA pins, mapped by the ICH9 to PIRQs, seen as I/O APIC
    /// inputs (GSI 16-23, and the ISA IRQ a PIRQ route register names); INTx disable, the status
    /// bit, a shared PIRQ, D28IR rewritten, and what a machine reset lowers.
    /// </summary>
    [Fact]
    public void HotplugInterruptsThroughIntxAndPirqsAreQemu10s()
    {
        var (args, steps) = QmpQtestStep.Read("qtest-hotplug-intx.txt");
        Assert.True(steps.Count > 100, $"only {steps.Count} steps");
        Assert.True(steps.Count(s => s.During.Count > 0 || s.After.Any(a => a.StartsWith("IRQ ", StringComparison.Ordinal))) > 20, "too few interrupt changes");
        QmpQtestReplay.Replay(args, steps);
    }

    private static void Replay(string name, int minimumSteps)
    {
        var (args, steps) = QmpQtestStep.Read(name);
        Assert.True(steps.Count > minimumSteps, $"only {steps.Count} steps");
        QmpQtestReplay.Replay(args, steps);
    }
}
