using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.I386;

/// <summary>
/// QEMU's <c>ioapic</c>: the PC's emulated I/O APIC at <c>/machine/q35/ioapic</c>, on the main
/// system bus, with its 4 KiB register window at 0xfec00000 and 24 input pins, the board's GSIs.
/// Its registers are modelled (Ioapic.Registers.cs); the messages it sends reach the APIC's MSI
/// window, where no CPU takes them.
/// </summary>
[QomType("ioapic")]
public sealed partial class Ioapic : IoapicCommon
{
    /// <summary>The I/O APIC version the guest reads (0x11 or 0x20).</summary>
    [QomProperty("version", Default = (byte)0x20)]
    public partial byte Version { get; set; }

    /// <summary>The input pins, once realized (the board drives GSI N into pin N).</summary>
    internal Qdev.Irq[] Pins { get; private set; } = [];

    /// <summary>
    /// The i8259 pair's interrupt acknowledge cycle (QEMU's <c>pic_read_irq</c>), which gives the
    /// vector of an entry in ExtINT delivery mode; null on a board without a PIC.
    /// </summary>
    internal System.Func<int>? ReadPicVector { get; set; }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>ioapic_realize</c> (the register window and the input pins); the board maps the window.</remarks>
    protected override void Realize()
    {
        if (Version is not (0x11 or 0x20))
        {
            throw new QomException("IOAPIC only supports version 0x11 or 0x20 (default: 0x20).");
        }

        InitMmio(MemoryRegion.Create(this, "ioapic", 0x1000, new Registers(this)));
        Pins = InitGpioIn(PinCount, SetPin);
        ResetRegisters();
        base.Realize();
    }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>sysbus_dev_print</c>: the mapped window, address and size.</remarks>
    public override System.Collections.Generic.IEnumerable<string> QTreeBusLines() =>
        [System.FormattableString.Invariant($"mmio {MmioRegions[0].Address:x16}/{MmioRegions[0].Size:x16}")];
}
