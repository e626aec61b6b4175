using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's <c>pci-bridge</c>: a standard PCI-to-PCI bridge with a conventional secondary bus. It
/// needs a chassis number; hot-plug behind it is handled by the bridge (SHPC or ACPI on q35).
/// </summary>
[QomType("pci-bridge")]
public sealed partial class PciBridgeDevice : PciBridge, IConventionalPciDevice, IHotplugHandler
{
    /// <summary>The chassis number of the slot-identification capability; must be non-zero.</summary>
    [QomProperty("chassis_nr", Default = 0)]
    public partial byte ChassisNumber { get; set; }

    /// <summary>Whether the bridge has a standard hot-plug controller.</summary>
    [QomProperty("shpc", Default = true, Description = "on/off")]
    public partial bool Shpc { get; set; }

    [QomClassInit]
    private static void InitPciBridgeDeviceClass(DeviceClass klass)
    {
        klass.Description = "Standard PCI Bridge";
        klass.Categories = DeviceCategories.Bridge;
    }

    /// <inheritdoc/>
    protected override bool AcceptsHotplug => true;

    /// <inheritdoc/>
    protected override void CheckBridge()
    {
        if (ChassisNumber == 0)
        {
            throw new QomException("Bridge chassis not specified. Each bridge is required to be assigned a unique chassis id > 0.");
        }
    }
}
