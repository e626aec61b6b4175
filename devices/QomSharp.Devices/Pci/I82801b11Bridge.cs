using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's <c>i82801b11-bridge</c>: the ICH9 DMI-to-PCI bridge (Intel 82801BA function 11), a
/// conventional PCI-to-PCI bridge with no PCI Express capability and no hot-plug controller. Seen
/// from a vIOMMU, every device behind it uses the bridge's own requester id (it is not a PCIe-to-PCI
/// bridge, which would give its secondary bus at 00.0 instead).
/// </summary>
[QomType("i82801b11-bridge")]
public sealed partial class I82801b11Bridge : PciBridge, IConventionalPciDevice
{
    [QomClassInit]
    private static void InitI82801b11BridgeClass(DeviceClass klass) => klass.Categories = DeviceCategories.Bridge;
}
