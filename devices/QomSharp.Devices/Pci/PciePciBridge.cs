using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's <c>pcie-pci-bridge</c>: a PCI Express function bridging to a conventional PCI bus, where
/// legacy devices go on q35. Its SHPC takes hot-plugs behind it.
/// </summary>
[QomType("pcie-pci-bridge")]
public sealed partial class PciePciBridge : PciBridge, IPciExpressDevice, IHotplugHandler
{
    /// <summary>MSI for the SHPC.</summary>
    [QomProperty("msi", Default = OnOffAuto.Auto, Description = "on/off/auto")]
    public partial OnOffAuto Msi { get; set; }

    [QomClassInit]
    private static void InitPciePciBridgeClass(DeviceClass klass) => klass.Categories = DeviceCategories.Bridge;

    /// <inheritdoc/>
    protected override bool AcceptsHotplug => true;

    /// <inheritdoc/>
    void IHotplugHandler.Plug(Device device) => ShpcPlug(device);

    /// <inheritdoc/>
    void IHotplugHandler.UnplugRequest(Device device) => ShpcUnplugRequest(device);

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>pcie_pci_bridge_realize</c>: the SHPC BAR and registers.</remarks>
    protected override void CreateRegions()
    {
        base.CreateRegions();
        CreateShpcRegions();
    }
}
