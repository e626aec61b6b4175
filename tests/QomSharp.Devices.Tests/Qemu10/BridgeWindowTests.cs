namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// PCI-to-PCI bridge windows against QEMU 10.0 (capture_bridge_windows.py,
/// qtest-bridge-windows-*.txt): bridges and the BARs behind them programmed over 0xcf8/0xcfc,
/// then pci-testdev's test registers and an SHPC read and written through the I/O, memory and
/// prefetchable windows (nested, 64-bit, with the command register's enables, ISA and VGA enable),
/// with query-pci and info pci after each stage.
/// </summary>
public sealed class BridgeWindowTests
{
    /// <summary>pci-bridge, nested: windows, enables, type bits, ISA enable, VGA windows (qtest-bridge-windows-pci-bridge.txt).</summary>
    [Fact]
    public void PciBridgeWindowsAreQemu10s() => Replay("qtest-bridge-windows-pci-bridge.txt", 200);

    /// <summary>
    /// pcie-root-port, pcie-pci-bridge behind it, i82801b11-bridge, and a 64-bit prefetchable
    /// window above 4 GiB; then a system reset (qtest-bridge-windows-pcie.txt).
    /// </summary>
    [Fact]
    public void ExpressBridgeWindowsAreQemu10s() => Replay("qtest-bridge-windows-pcie.txt", 150);

    /// <summary>A root port on a pxb-pcie expander's bus (qtest-bridge-windows-pxb-pcie.txt).</summary>
    [Fact]
    public void ExpanderRootPortWindowsAreQemu10s() => Replay("qtest-bridge-windows-pxb-pcie.txt", 30);

    /// <summary>
    /// Overlapping windows and BARs of one bus (qtest-bridge-windows-overlap.txt): the window or BAR
    /// mapped last answers, and a bridge's windows are made anew on each write to its registers.
    /// </summary>
    [Fact]
    public void OverlappingWindowsAnswerAsInQemu10() => Replay("qtest-bridge-windows-overlap.txt", 90);

    /// <summary>
    /// Bridges whose secondary..subordinate ranges overlap (qtest-bridge-windows-bus-overlap.txt):
    /// equal, nested, crossing, a nested bridge given another's number: which function a
    /// configuration access reaches (QEMU's pci_find_bus_nr), query-pci and info pci after each.
    /// </summary>
    [Fact]
    public void OverlappingBusNumbersReachWhatQemu10Reaches() => Replay("qtest-bridge-windows-bus-overlap.txt", 700);

    private static void Replay(string name, int minimumSteps)
    {
        var (args, steps) = QmpQtestStep.Read(name);
        Assert.True(steps.Count > minimumSteps, $"only {steps.Count} steps");
        QmpQtestReplay.Replay(args, steps);
    }
}
