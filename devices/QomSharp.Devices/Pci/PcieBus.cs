namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's <c>PCIE</c> bus: a PCI bus whose devices see Express semantics. Below a root port the
/// link has one device, so only devfn 0 is function 0 for the hot-plug check.
/// </summary>
[QomType("PCIE")]
public partial class PcieBus : PciBus
{
    /// <inheritdoc/>
    protected override bool HasSingleSlot => ParentDevice is PciePort;
}
