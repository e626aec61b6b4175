using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>QEMU's <c>ps2-device</c> (abstract): a PS/2 keyboard or mouse behind an i8042, on the system bus.</summary>
[QomType("ps2-device", Abstract = true)]
public abstract partial class Ps2Device : SysBusDevice
{
    [QomClassInit]
    private static void InitPs2DeviceClass(DeviceClass klass) => klass.UserCreatable = false;

    // QEMU's ps2_init: the IRQ output to the controller.
    [QomInstanceInit]
    private void CreateOutput() => InitGpioOut(1);
}

/// <summary>QEMU's <c>ps2-kbd</c>: the i8042's keyboard (its <c>ps2kbd</c> child).</summary>
[QomType("ps2-kbd")]
public sealed partial class Ps2Kbd : Ps2Device;

/// <summary>QEMU's <c>ps2-mouse</c>: the i8042's mouse (its <c>ps2mouse</c> child).</summary>
[QomType("ps2-mouse")]
public sealed partial class Ps2Mouse : Ps2Device;
