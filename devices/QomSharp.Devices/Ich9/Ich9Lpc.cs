using QomSharp.Devices.Pci;
using QomSharp.Qdev;

namespace QomSharp.Devices.Ich9;

/// <summary>
/// QEMU's <c>ICH9-LPC</c>: the ICH9 LPC/ISA bridge with its ACPI power management, which the q35
/// board puts at 00:1f.0; not user-creatable. Modelled as its PCI identity and QEMU 10.0's
/// properties; its power-management I/O block, root complex register block, APM and reset control
/// ports answer as QEMU's (see the other parts of this class).
/// </summary>
[QomType("ICH9-LPC")]
public sealed partial class Ich9Lpc : PciDevice, IConventionalPciDevice, IPciFixedIdentity, IHotplugHandler
{
    /// <summary>Where the q35 board puts it.</summary>
    public static readonly int BoardDevfn = PciDevfn.Of(0x1f, 0);

    // ICH9 power management after reset (QEMU's ich9_pm_init and ICH9 defaults): the PM I/O base is
    // 0 until firmware sets it, GPE0 follows it, SCI is IRQ 9.
    private const uint Gpe0BlockOffset = 0x20;

    /// <summary>QEMU's <c>noreboot</c>: a reset request does not reboot.</summary>
    [QomProperty("noreboot", Default = false)]
    public partial bool NoReboot { get; set; }

    /// <summary>QEMU's <c>smm-compat</c>.</summary>
    [QomProperty("smm-compat", Default = false)]
    public partial bool SmmCompat { get; set; }

    /// <summary>QEMU's <c>smm-enabled</c> (the board sets it from the machine's <c>smm</c>).</summary>
    [QomProperty("smm-enabled", Default = false)]
    public partial bool SmmEnabled { get; set; }

    /// <summary>QEMU's <c>x-smi-broadcast</c> SMI feature.</summary>
    [QomProperty("x-smi-broadcast", Default = true)]
    public partial bool SmiBroadcast { get; set; }

    /// <summary>QEMU's <c>x-smi-cpu-hotplug</c> SMI feature.</summary>
    [QomProperty("x-smi-cpu-hotplug", Default = true)]
    public partial bool SmiCpuHotplug { get; set; }

    /// <summary>QEMU's <c>x-smi-cpu-hotunplug</c> SMI feature.</summary>
    [QomProperty("x-smi-cpu-hotunplug", Default = true)]
    public partial bool SmiCpuHotunplug { get; set; }

    /// <summary>QEMU's <c>x-smi-swsmi-timer</c> SMI feature.</summary>
    [QomProperty("x-smi-swsmi-timer", Default = true)]
    public partial bool SmiSwsmiTimer { get; set; }

    /// <summary>QEMU's <c>x-smi-periodic-timer</c> SMI feature.</summary>
    [QomProperty("x-smi-periodic-timer", Default = true)]
    public partial bool SmiPeriodicTimer { get; set; }

    private bool acpiPciHotplugWithBridgeSupport = true;
    private bool keepPciSlotHpc = true;
    private bool cpuHotplugLegacy = true;
    private bool enableTco = true;
    private byte disableS3;
    private byte disableS4;
    private byte s4Value = 2;

    [QomClassInit]
    private static void InitIch9LpcClass(DeviceClass klass)
    {
        klass.UserCreatable = false;
        klass.OrderOwnProperties("noreboot", "smm-compat", "smm-enabled", "x-smi-broadcast", "x-smi-cpu-hotplug", "x-smi-cpu-hotunplug",
            "x-smi-swsmi-timer", "x-smi-periodic-timer");
        klass.SetPropertyIterationOrder("x-smi-cpu-hotunplug", "x-smi-cpu-hotplug", "smm-compat", "x-smi-swsmi-timer", "x-smi-periodic-timer",
            "smm-enabled", "noreboot", "x-smi-broadcast");
    }

    // QEMU's ich9_pm_add_properties: instance properties, added in the order QEMU 10.0 iterates them.
    [QomInstanceInit]
    private void AddPowerManagementProperties()
    {
        AddProperty(new QomBoolProperty("cpu-hotplug-legacy", static o => ((Ich9Lpc)o).cpuHotplugLegacy, static (o, v) => ((Ich9Lpc)o).SetCpuHotplugLegacy(v)));
        AddProperty(new QomIntegerProperty<byte>("acpi_enable_cmd", static _ => 2, null));
        AddProperty(new QomIntegerProperty<uint>("gpe0_blk_len", static _ => 16, null));
        AddProperty(new QomBoolProperty("x-keep-pci-slot-hpc", static o => ((Ich9Lpc)o).keepPciSlotHpc, static (o, v) => ((Ich9Lpc)o).keepPciSlotHpc = v));
        AddProperty(new QomIntegerProperty<uint>("gpe0_blk", static o => ((Ich9Lpc)o).PmIoBase + Gpe0BlockOffset, null));
        AddProperty(new QomIntegerProperty<ulong>("x-smi-negotiated-features", static _ => 0, null));
        AddProperty(new QomIntegerProperty<byte>("s4_val", static o => ((Ich9Lpc)o).s4Value, static (o, v) => ((Ich9Lpc)o).s4Value = v));
        AddProperty(new QomBoolProperty("enable_tco", static o => ((Ich9Lpc)o).enableTco, static (o, v) => ((Ich9Lpc)o).enableTco = v));
        AddProperty(new QomIntegerProperty<uint>("pm_io_base", static o => ((Ich9Lpc)o).PmIoBase, null));
        AddProperty(new QomIntegerProperty<byte>("acpi_disable_cmd", static _ => 3, null));
        AddProperty(new QomIntegerProperty<byte>("sci_int", static o => ((Ich9Lpc)o).sciInterrupt, null));
        AddProperty(new QomIntegerProperty<byte>("disable_s3", static o => ((Ich9Lpc)o).disableS3, static (o, v) => ((Ich9Lpc)o).disableS3 = v));
        AddProperty(new QomIntegerProperty<byte>("disable_s4", static o => ((Ich9Lpc)o).disableS4, static (o, v) => ((Ich9Lpc)o).disableS4 = v));
        CreateRtc();
        AddProperty(new QomBoolProperty("acpi-pci-hotplug-with-bridge-support",
            static o => ((Ich9Lpc)o).acpiPciHotplugWithBridgeSupport, static (o, v) => ((Ich9Lpc)o).acpiPciHotplugWithBridgeSupport = v));
        InitGpioOut(IoapicPins, GsiLines);
    }

    /// <summary>The name of the LPC's outputs to the I/O APIC's pins (QEMU's <c>ICH9_GPIO_GSI</c>).</summary>
    public const string GsiLines = "gsi";

    private const int IoapicPins = 24;

    /// <inheritdoc/>
    /// <remarks>The ISA bridge class, no BAR, no interrupt pin.</remarks>
    public PciFixedIdentity Identity { get; } = new(0x0601, 0x2918, 0, []);
}
