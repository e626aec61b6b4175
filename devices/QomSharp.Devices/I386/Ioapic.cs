using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.I386;

/// <summary>
/// QEMU's <c>ioapic</c>: the PC's emulated I/O APIC at <c>/machine/q35/ioapic</c>, on the main
/// system bus, with its 4 KiB register window at 0xfec00000 and 24 input pins. Only its QOM surface,
/// regions and pins are modelled; interrupts are not delivered.
/// </summary>
[QomType("ioapic")]
public sealed partial class Ioapic : IoapicCommon
{
    /// <summary>The I/O APIC version the guest reads (0x11 or 0x20).</summary>
    [QomProperty("version", Default = (byte)0x20)]
    public partial byte Version { get; set; }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>ioapic_realize</c> (the register window and the input pins); the board maps the window.</remarks>
    protected override void Realize()
    {
        if (Version is not (0x11 or 0x20))
        {
            throw new QomException("IOAPIC only supports version 0x11 or 0x20 (default: 0x20).");
        }

        InitMmio(MemoryRegion.Create(this, "ioapic", 0x1000));
        InitGpioIn(PinCount);
        base.Realize();
    }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>sysbus_dev_print</c>: the mapped window, address and size.</remarks>
    public override System.Collections.Generic.IEnumerable<string> QTreeBusLines() =>
        [System.FormattableString.Invariant($"mmio {MmioRegions[0].Address:x16}/{MmioRegions[0].Size:x16}")];
}
