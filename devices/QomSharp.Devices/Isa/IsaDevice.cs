using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>QEMU's <c>isa-device</c> (abstract): a device on an <c>ISA</c> bus.</summary>
[QomType("isa-device", Abstract = true)]
public abstract partial class IsaDevice : Device
{
    [QomClassInit]
    private static void InitIsaDeviceClass(DeviceClass klass) => klass.BusType = IsaBus.QomTypeName;
}
