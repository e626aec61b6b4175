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

    /// <inheritdoc/>
    /// <remarks>
    /// QEMU's <c>pxb_map_irq_fn</c>: the usual swizzle, less the expander's slot (which the root
    /// bus's router adds back, so firmware that ignores the expander's slot computes the same
    /// line). The result may be negative: the router indexes its table with it as it is.
    /// </remarks>
    protected internal override int MapIntxToParent(PciDevice device, int pin) =>
        Swizzle(device, pin) - PciDevfn.Slot(Expander?.Devfn ?? 0);

    // QEMU's pxb buses answer their expander's bus_nr as their number, and tell the guest's ACPI
    // tables that number as the host bridge's unique id.
    [QomClassInit]
    private static void InitPxbPcieBusClass(QomClass klass) =>
        klass.AddProperty(new QomIntegerProperty<uint>("acpi_uid", static o => ((PxbPcieBus)o).Expander?.BusNumber ?? 0, null,
            description: "ACPI Unique ID used to distinguish this PCI Host Bridge / ACPI00016"));
}
