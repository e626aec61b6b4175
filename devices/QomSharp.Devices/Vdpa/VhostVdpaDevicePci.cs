using QomSharp.Devices.Pci;
using QomSharp.Qdev;

namespace QomSharp.Devices.Vdpa;

/// <summary>
/// QEMU's <c>vhost-vdpa-device-pci</c>: the generic flavour of the proxy (PCI Express or conventional,
/// legacy and modern as <c>disable-legacy</c>/<c>disable-modern</c> say; the layout is not modelled).
/// </summary>
[QomType("vhost-vdpa-device-pci")]
public sealed partial class VhostVdpaDevicePci : VhostVdpaDevicePciBase, IPciExpressDevice, IConventionalPciDevice
{
    /// <summary>Whether the legacy (virtio 0.9) interface is hidden; auto decides by the bus.</summary>
    [QomProperty("disable-legacy", Default = OnOffAuto.Auto, Description = "on/off/auto")]
    public partial OnOffAuto DisableLegacy { get; set; }

    /// <summary>Whether the modern (virtio 1.0) interface is hidden.</summary>
    [QomProperty("disable-modern", Default = false)]
    public partial bool DisableModern { get; set; }

    /// <inheritdoc/>
    protected override bool ModernEnabled => !DisableModern;

    /// <inheritdoc/>
    protected override bool LegacyEnabled => DisableLegacy == OnOffAuto.Off;

    /// <inheritdoc/>
    protected override void ResolveDisableLegacy(bool onExpressPort)
    {
        if (DisableLegacy == OnOffAuto.Auto)
        {
            DisableLegacy = onExpressPort ? OnOffAuto.On : OnOffAuto.Off;
        }
    }

    [QomClassInit]
    private static void InitVhostVdpaDevicePciClass(DeviceClass klass) => klass.SetPropertyIterationOrder("disable-modern", "disable-legacy");
}
