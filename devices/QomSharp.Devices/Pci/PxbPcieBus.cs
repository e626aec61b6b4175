namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's <c>pxb-pcie-bus</c>: the extra PCI Express root bus of a <c>pxb-pcie</c>. Its qdev parent is
/// the expander's host bridge, but its PCI parent (<c>parent_dev</c>) is the expander device on
/// <c>pcie.0</c>, which is how a vIOMMU on <c>pcie.0</c> still reaches the devices below it.
/// </summary>
[QomType("pxb-pcie-bus")]
public sealed partial class PxbPcieBus : PcieBus
{
    /// <summary>The expander device the bus belongs to.</summary>
    public PxbDevice? Expander { get; internal set; }

    /// <inheritdoc/>
    public override PciDevice? ParentBridge => Expander;
}
