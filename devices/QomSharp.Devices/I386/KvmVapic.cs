using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.I386;

/// <summary>QEMU's <c>kvmvapic</c>: the TPR-access optimisation the first local APIC creates on the system bus (with <c>vapic=on</c>); not user-creatable, no properties of its own.</summary>
[QomType("kvmvapic")]
public sealed partial class KvmVapic : SysBusDevice
{
    /// <summary>The I/O port the VAPIC option ROM talks to.</summary>
    public const ulong Port = 0x7e;

    [QomClassInit]
    private static void InitKvmVapicClass(DeviceClass klass) => klass.UserCreatable = false;

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>vapic_realize</c>: the ROM's port in the I/O space.</remarks>
    protected override void Realize()
    {
        Context.Qdev.IoSpace.Root?.AddSubregion(Port, MemoryRegion.Create(this, "kvmvapic", 2));
        base.Realize();
    }
}
