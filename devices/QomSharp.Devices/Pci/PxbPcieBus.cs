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

    // QEMU's pxb buses answer their expander's bus_nr as their number, and tell the guest's ACPI
    // tables that number as the host bridge's unique id.
    [QomClassInit]
    private static void InitPxbPcieBusClass(QomClass klass) =>
        klass.AddProperty(new QomIntegerProperty<uint>("acpi_uid", static o => ((PxbPcieBus)o).Expander?.BusNumber ?? 0, null,
            description: "ACPI Unique ID used to distinguish this PCI Host Bridge / ACPI00016"));
}
