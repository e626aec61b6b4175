namespace QomSharp.Qdev;

/// <summary>
/// QEMU's <c>dynamic-sysbus-device</c> (abstract): a sysbus device a user may create with
/// <c>-device</c> where the machine allows its type; it cannot be hot-plugged.
/// </summary>
[QomType("dynamic-sysbus-device", Abstract = true)]
public abstract partial class DynamicSysBusDevice : SysBusDevice
{
    [QomClassInit]
    private static void InitDynamicSysBusDeviceClass(DeviceClass klass)
    {
        klass.UserCreatable = true;
        klass.Hotpluggable = false;
    }
}
