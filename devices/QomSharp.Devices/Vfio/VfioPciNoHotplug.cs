using QomSharp.Qdev;

namespace QomSharp.Devices.Vfio;

/// <summary>QEMU's <c>vfio-pci-nohotplug</c>: vfio-pci that can only be cold-plugged.</summary>
[QomType("vfio-pci-nohotplug")]
public sealed partial class VfioPciNoHotplug : VfioPci
{
    [QomClassInit]
    private static void InitVfioPciNoHotplugClass(DeviceClass klass) => klass.Hotpluggable = false;
}
