using QomSharp.Devices.Pci;

namespace QomSharp.Devices.Vdpa;

/// <summary>QEMU's <c>vhost-vdpa-device-pci-non-transitional</c>: modern only.</summary>
[QomType("vhost-vdpa-device-pci-non-transitional")]
public sealed partial class VhostVdpaDevicePciNonTransitional : VhostVdpaDevicePciBase, IPciExpressDevice, IConventionalPciDevice
{
    /// <inheritdoc/>
    protected override bool ModernEnabled => true;

    /// <inheritdoc/>
    protected override bool LegacyEnabled => false;

    /// <inheritdoc/>
    protected override void ResolveDisableLegacy(bool onExpressPort)
    {
    }
}
