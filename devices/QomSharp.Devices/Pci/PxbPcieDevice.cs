using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's <c>pxb-pcie</c>, the PCI Express expander bridge: on <c>pcie.0</c> it opens an extra PCI
/// Express root bus (named after its id) on which root ports and bridges go.
/// </summary>
[QomType("pxb-pcie")]
public sealed partial class PxbPcieDevice : PxbDevice
{
    [QomClassInit]
    private static void InitPxbPcieDeviceClass(DeviceClass klass) => klass.Description = "PCI Express Expander Bridge";

    /// <inheritdoc/>
    protected override void CheckBus()
    {
        if (PciBus is not PcieBus)
        {
            throw new QomException("pxb-pcie devices cannot reside on a PCI bus");
        }
    }

    /// <inheritdoc/>
    protected override string? RootBusType => PxbPcieBus.QomTypeName;
}
