using QomSharp.Devices.Isa;
using QomSharp.Qdev;

namespace QomSharp.Devices.Ich9;

/// <summary>
/// The LPC bridge's ISA side (QEMU's <c>ich9_lpc_initfn</c> and <c>ich9_lpc_realize</c>): the
/// <c>rtc</c> child created with it, and at realize the ISA bus <c>isa.0</c>, the two DMA
/// controllers <c>dma[0]</c>/<c>dma[1]</c> and the RTC on that bus.
/// </summary>
public sealed partial class Ich9Lpc
{
    /// <summary>The LPC's real-time clock (its <c>rtc</c> child).</summary>
    [QomChild("rtc")]
    public partial Mc146818Rtc? Rtc { get; set; }

    /// <summary>The ISA bus the LPC provides (<c>isa.0</c>), once realized.</summary>
    public IsaBus? IsaBus { get; private set; }

    // The creator's reference passes to the child property.
    private void CreateRtc() => Rtc = (Mc146818Rtc)Context.New(Mc146818Rtc.QomTypeName);

    /// <inheritdoc/>
    protected override void RealizeFunction()
    {
        var bus = (IsaBus)Bus.Create(Context, IsaBus.QomTypeName, this, null);
        IsaBus = bus;

        // QEMU's isa_bus_register_input_irqs with the LPC's gsi links: ISA IRQ N is GSI N.
        var lines = new Irq?[IoapicPins];
        for (int i = 0; i < lines.Length; i++)
        {
            lines[i] = GetPropertyLink($"{GsiLines}[{i}]") as Irq;
        }

        bus.InputIrqs = lines;
        I8257.CreatePair(this, bus);
        var rtc = Rtc!;
        rtc.BaseYear = 0;
        rtc.RealizeOn(bus);

        // Where QEMU's hash table lists what realize added among the instance properties.
        PlaceInstanceProperty("isa.0", null);
        PlaceInstanceProperty("dma[0]", "acpi_enable_cmd");
        PlaceInstanceProperty("dma[1]", "acpi_disable_cmd");
        if (acpiPciHotplugWithBridgeSupport)
        {
            // QEMU's acpi_pcihp_init: the hot-plug window's place, read-only.
            AddProperty(new QomIntegerProperty<ushort>(PciHotplugIoBase, static _ => (ushort)PciHotplugPort, null));
            AddProperty(new QomIntegerProperty<ushort>(PciHotplugIoLength, static _ => (ushort)PciHotplugSize, null));
            PlaceInstanceProperty(PciHotplugIoLength, "gpe0_blk_len");
            PlaceInstanceProperty(PciHotplugIoBase, "isa.0");
        }

        InitAcpiPciHotplug();
        RegisterPowerNotifiers();

        base.RealizeFunction();
    }
}
