using QomSharp.Qdev;

namespace QomSharp.Devices.I386;

/// <summary>QEMU's <c>kvmvapic</c>: the TPR-access optimisation the first local APIC creates on the system bus (with <c>vapic=on</c>); not user-creatable, no properties of its own.</summary>
[QomType("kvmvapic")]
public sealed partial class KvmVapic : SysBusDevice
{
    [QomClassInit]
    private static void InitKvmVapicClass(DeviceClass klass) => klass.UserCreatable = false;
}
