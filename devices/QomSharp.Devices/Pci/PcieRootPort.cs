using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>QEMU's <c>pcie-root-port</c>: the generic root port; its bus takes one Express device (and hot-plugs).</summary>
[QomType("pcie-root-port")]
public sealed partial class PcieRootPort : PcieRootPortBase
{
    [QomClassInit]
    private static void InitPcieRootPortClass(DeviceClass klass)
    {
        klass.Description = "PCI Express Root Port";
        klass.Categories = DeviceCategories.Bridge;
    }
}
