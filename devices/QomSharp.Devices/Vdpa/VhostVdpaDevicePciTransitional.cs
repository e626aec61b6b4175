using QomSharp.Devices.Pci;

namespace QomSharp.Devices.Vdpa;

/// <summary>QEMU's <c>vhost-vdpa-device-pci-transitional</c>: legacy and modern, conventional PCI only.</summary>
[QomType("vhost-vdpa-device-pci-transitional")]
public sealed partial class VhostVdpaDevicePciTransitional : VhostVdpaDevicePciBase, IConventionalPciDevice
{
    /// <inheritdoc/>
    protected override bool ModernEnabled => true;

    /// <inheritdoc/>
    protected override bool LegacyEnabled => true;

    /// <inheritdoc/>
    protected override void ResolveDisableLegacy(bool onExpressPort)
    {
    }
}
