using QomSharp.Devices.Machines;
using QomSharp.Memory;

namespace QomSharp.Devices.Pci;

public partial class PciBus
{
    /// <summary>
    /// The region the bus's memory BARs and windows are mapped into (QEMU's
    /// <c>address_space_mem</c>): a bridge's <c>pci_bridge_pci</c> region, an expander's parent
    /// bus's, else the machine's PCI space (<c>pci[0]</c> on a PC machine, the system memory
    /// otherwise).
    /// </summary>
    public MemoryRegion? MemorySpace => ParentDevice switch
    {
        PciBridge bridge => bridge.GetChild("pci_bridge_pci[0]") as MemoryRegion,
        _ when this is PxbPcieBus { Expander.PciBus: { } parent } => parent.MemorySpace,
        _ => (Context.ResolvePath("/machine") as PcMachine)?.PciMemory ?? Context.Qdev.SystemMemory.Root,
    };

    /// <summary>The region the bus's I/O BARs and windows are mapped into (QEMU's <c>address_space_io</c>): a bridge's <c>pci_bridge_io[0]</c>, else the I/O space <c>io[0]</c>.</summary>
    public MemoryRegion? IoSpace => ParentDevice switch
    {
        PciBridge bridge => bridge.GetChild("pci_bridge_io[0]") as MemoryRegion,
        _ when this is PxbPcieBus { Expander.PciBus: { } parent } => parent.IoSpace,
        _ => Context.Qdev.IoSpace.Root,
    };
}
