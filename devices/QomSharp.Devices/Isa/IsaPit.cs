using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>QEMU's <c>isa-pit</c>: the PC's i8254 timer at 0x40, which the board creates unless <c>pit=off</c>; not user-creatable. Its counters are not modelled.</summary>
[QomType("isa-pit")]
public sealed partial class IsaPit : PitCommon
{
    /// <summary>Where the PC board puts it.</summary>
    public const uint BoardIoBase = 0x40;

    [QomClassInit]
    private static void InitIsaPitClass(DeviceClass klass) => klass.UserCreatable = false;
}
