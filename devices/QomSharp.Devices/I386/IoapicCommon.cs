using QomSharp.Qdev;

namespace QomSharp.Devices.I386;

/// <summary>QEMU's <c>ioapic-common</c> (abstract): what the emulated and in-kernel I/O APICs share.</summary>
[QomType("ioapic-common", Abstract = true)]
public abstract partial class IoapicCommon : SysBusDevice
{
    /// <summary>Where the PC maps the I/O APIC (QEMU's <c>IO_APIC_DEFAULT_ADDRESS</c>).</summary>
    public const ulong DefaultAddress = 0xfec0_0000;

    /// <summary>The number of input pins (QEMU's <c>IOAPIC_NUM_PINS</c>).</summary>
    public const int PinCount = 24;

    [QomClassInit]
    private static void InitIoapicCommonClass(DeviceClass klass) => klass.UserCreatable = false;
}
