using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>
/// QEMU's <c>mc146818rtc</c>: the PC's real-time clock and CMOS at 0x70; q35's LPC holds one as
/// its <c>rtc</c> child, and users may add more. At realize it gains <c>date</c>, the guest's
/// clock (from <c>-rtc</c>: the host's UTC time by default). Its ports, registers and CMOS are
/// modelled (Mc146818Rtc.Cmos.cs).
/// </summary>
[QomType("mc146818rtc")]
public sealed partial class Mc146818Rtc : IsaDevice
{
    /// <summary>QEMU's <c>base_year</c>: the year the clock's year register counts from.</summary>
    [QomProperty("base_year", Default = 1980)]
    public partial int BaseYear { get; set; }

    /// <summary>QEMU's <c>iobase</c>.</summary>
    [QomProperty("iobase", Default = (ushort)0x70)]
    public partial ushort IoBase { get; set; }

    /// <summary>QEMU's <c>irq</c>: the ISA IRQ.</summary>
    [QomProperty("irq", Default = (byte)8)]
    public partial byte Irq { get; set; }

    /// <summary>QEMU's <c>lost_tick_policy</c>.</summary>
    [QomProperty("lost_tick_policy", Default = LostTickPolicy.Discard, Description = "Policy for handling lost ticks (discard/delay/slew)")]
    public partial LostTickPolicy LostTickPolicy { get; set; }

    [QomClassInit]
    private static void InitMc146818RtcClass(DeviceClass klass) => klass.Categories = DeviceCategories.Misc;

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>rtc_realizefn</c>: the index/data ports with the index port's own region inside, the IRQ output, then <c>date</c>.</remarks>
    protected override void Realize()
    {
        var ports = MemoryRegion.Create(this, "rtc", 2, new CmosPorts(this));
        RegisterIoPort(ports, IoBase);
        ports.AddSubregion(0, MemoryRegion.Create(this, "rtc-index", 1, ports.Ops));
        InitGpioOut(1);
        AddProperty(new RtcDateProperty());
        ResetCmos();
        base.Realize();
    }
}
