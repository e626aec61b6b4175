using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>QEMU's <c>port92</c>: the PC's system control port A (fast A20 and reset); the board creates it with the i8042. Not user-creatable; its register is not modelled.</summary>
[QomType("port92")]
public sealed partial class Port92 : IsaDevice
{
    [QomClassInit]
    private static void InitPort92Class(DeviceClass klass) => klass.UserCreatable = false;
}
