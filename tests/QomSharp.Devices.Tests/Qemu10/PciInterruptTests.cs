using System;
using System.Linq;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// PCI interrupts and bridge resets on q35 against QEMU 10.0 (capture_pci_intx.py): INTx through
/// pxb-pcie expanders and nested bridges to the ICH9's PIRQs and the I/O APIC, the SHPC's interrupt
/// as MSI (the message written to RAM and read back), and the bridge control register's secondary
/// bus reset bit.
/// </summary>
public sealed class PciInterruptTests
{
    /// <summary>
    /// Root ports and bridges below pxb-pcie expanders at slots 1, 5 and 29 (qtest-pxb-intx.txt):
    /// the expander's swizzle less its slot, which the ICH9 reads across its slot table's rows.
    /// </summary>
    [Fact]
    public void IntxThroughExpandersIsQemu10s() => Replay("qtest-pxb-intx.txt", 80, 12);

    /// <summary>
    /// SHPC bridges nested below a root port, a pcie-pci-bridge, pci-bridges and the DMI bridge at
    /// slot 30 (qtest-bridge-intx.txt): the swizzle at each level, shared PIRQs, INTx disable.
    /// </summary>
    [Fact]
    public void IntxBehindNestedBridgesIsQemu10s() => Replay("qtest-bridge-intx.txt", 120, 15);

    /// <summary>
    /// The SHPC's interrupt as MSI (qtest-shpc-msi.txt): a message on each level change, the
    /// vector's mask and pending bit, INTx lowered by a write to the enabled capability, the
    /// enabled message count clamped only while MSI is on.
    /// </summary>
    [Fact]
    public void ShpcInterruptsAsMsiAreQemu10s() => Replay("qtest-shpc-msi.txt", 180, 4);

    /// <summary>
    /// The secondary bus reset bit (qtest-bridge-reset.txt): on its 0 to 1 transition the devices
    /// below the bridge are reset (their pins lowered), the bridge itself not.
    /// </summary>
    [Fact]
    public void SecondaryBusResetIsQemu10s() => Replay("qtest-bridge-reset.txt", 200, 6);

    private static void Replay(string name, int minimumSteps, int minimumInterruptSteps)
    {
        var (args, steps) = QmpQtestStep.Read(name);
        Assert.True(steps.Count > minimumSteps, $"only {steps.Count} steps");
        Assert.True(steps.Count(s => s.During.Count > 0 || s.After.Any(a => a.StartsWith("IRQ ", StringComparison.Ordinal))) >= minimumInterruptSteps,
            "too few interrupt changes");
        QmpQtestReplay.Replay(args, steps);
    }
}
