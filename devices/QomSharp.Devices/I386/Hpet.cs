using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.I386;

/// <summary>
/// QEMU's <c>hpet</c>: the high precision event timer at 0xfed00000, a sysbus device the PC board
/// creates unless <c>hpet=off</c>; not user-creatable. Its registers are modelled (Hpet.Registers.cs);
/// the virtual clock does not run (no guest runs), so its timers never expire.
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

    /// <summary>Where the PC board maps it (QEMU's <c>HPET_BASE</c>).</summary>
    public const ulong BoardAddress = 0xfed00000;

    /// <summary>The most timers an HPET has (QEMU's <c>HPET_MAX_TIMERS</c>): one sysbus IRQ each.</summary>
    public const int MaxTimers = 32;

    // QEMU's SYSBUS_DEVICE_GPIO_IRQ: the name of a sysbus device's IRQ outputs.
    private const string SysBusIrq = "sysbus-irq";

    // QEMU's hpet_init: the register window.
    [QomInstanceInit]
    private void CreateRegisters() => InitMmio(MemoryRegion.Create(this, "hpet", 0x400, new RegisterOps(this)));

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>hpet_realize</c>: a sysbus IRQ per possible timer, the two legacy inputs (PIT and RTC) and the PIT-enable output.</remarks>
    protected override void Realize()
    {
        InitGpioOut(MaxTimers, SysBusIrq);
        InitGpioIn(2, HandleLegacyIrq);
        InitGpioOut(1);
        ResetRegisters();
        base.Realize();
    }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>sysbus_dev_print</c>: the mapped window, address and size.</remarks>
    public override System.Collections.Generic.IEnumerable<string> QTreeBusLines() =>
        [System.FormattableString.Invariant($"mmio {MmioRegions[0].Address:x16}/{MmioRegions[0].Size:x16}")];

    [QomClassInit]
    private static void InitHpetClass(DeviceClass klass)
    {
        klass.UserCreatable = false;
        klass.SetPropertyIterationOrder("hpet-intcap", "hpet-offset-saved", "timers", "msi");
    }
}
