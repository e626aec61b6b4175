using QomSharp.Qdev;

namespace QomSharp.Devices.Vfio;

/// <summary>QEMU's <c>vfio-pci-nohotplug</c>: vfio-pci that can only be cold-plugged, with the ramfb display options.</summary>
[QomType("vfio-pci-nohotplug")]
public sealed partial class VfioPciNoHotplug : VfioPci
{
    /// <summary>QEMU's <c>ramfb</c>: a boot display for devices with <c>display</c> (display is not modelled).</summary>
    [QomProperty("ramfb", Default = false, Description = "Enable ramfb to provide pre-boot graphics for devices enabling display option")]
    public partial bool Ramfb { get; set; }

    /// <summary>QEMU's <c>x-ramfb-migrate</c>: compat knob for migrating the ramfb state.</summary>
    [QomProperty("x-ramfb-migrate", Default = OnOffAuto.Auto, Description = "Override default migration support for ramfb support (DEBUG)")]
    public partial OnOffAuto RamfbMigrate { get; set; }

    [QomClassInit]
    private static void InitVfioPciNoHotplugClass(DeviceClass klass) => klass.Hotpluggable = false;
}
