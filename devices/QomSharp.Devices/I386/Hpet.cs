using QomSharp.Qdev;

namespace QomSharp.Devices.I386;

/// <summary>
/// QEMU's <c>hpet</c>: the high precision event timer at 0xfed00000, a sysbus device the PC board
/// creates unless <c>hpet=off</c>; not user-creatable. Its timers are not modelled.
/// </summary>
[QomType("hpet")]
public sealed partial class Hpet : SysBusDevice
{
    /// <summary>The PC board's interrupt capability of each timer: IOAPIC inputs 2, 8 and 16 to 23 (QEMU's <c>hpet_irqs</c> with one IOAPIC).</summary>
    public const uint BoardIntCap = 0xff0104;

    /// <summary>QEMU's <c>timers</c>: how many comparators it has (3 to 32).</summary>
    [QomProperty("timers", Default = (byte)3)]
    public partial byte Timers { get; set; }

    /// <summary>QEMU's <c>msi</c>: timers may signal by MSI.</summary>
    [QomProperty("msi", Default = false)]
    public partial bool Msi { get; set; }

    /// <summary>QEMU's <c>hpet-intcap</c>: the IOAPIC inputs each timer may route to.</summary>
    [QomProperty("hpet-intcap", Default = 0U)]
    public partial uint IntCap { get; set; }

    /// <summary>QEMU's <c>hpet-offset-saved</c>: the counter offset migrates.</summary>
    [QomProperty("hpet-offset-saved", Default = true)]
    public partial bool OffsetSaved { get; set; }

    [QomClassInit]
    private static void InitHpetClass(DeviceClass klass)
    {
        klass.UserCreatable = false;
        klass.SetPropertyIterationOrder("hpet-intcap", "hpet-offset-saved", "timers", "msi");
    }
}
