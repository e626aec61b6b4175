namespace QomSharp.Devices.Pci;

/// <summary>
/// What a root bus's INTx lines go to (QEMU's <c>map_irq</c> and <c>set_irq</c> of a root bus,
/// <c>pci_bus_irqs</c>): the line a function's pin maps to, and the line's level when the number
/// of pins asserting it changes.
/// </summary>
public interface IPciIntxRouter
{
    /// <summary>How many lines the bus has (QEMU's <c>nirq</c>).</summary>
    int LineCount { get; }

    /// <summary>The line that <paramref name="device"/>'s pin <paramref name="pin"/> (0 for INTA) drives.</summary>
    int MapIntx(PciDevice device, int pin);

    /// <summary>A line's level after a pin on it changed (called on every change, as QEMU does).</summary>
    void SetLine(int line, bool level);
}
