using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>QEMU's <c>mch</c>: the q35 memory controller hub, always at 00.0 on <c>pcie.0</c>; not user-creatable.</summary>
[QomType("mch")]
public sealed partial class Mch : PciDevice, IConventionalPciDevice
{
    [QomClassInit]
    private static void InitMchClass(DeviceClass klass) => klass.UserCreatable = false;

    [QomInstanceInit]
    private void PlaceAtSlotZero() => Devfn = PciDevfn.Of(0, 0);
}
