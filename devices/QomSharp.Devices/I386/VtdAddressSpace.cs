using QomSharp.Devices.Pci;
using QomSharp.Memory;

namespace QomSharp.Devices.I386;

/// <summary>
/// QEMU's <c>VTDAddressSpace</c>: intel-iommu's address space for one requester (bus, devfn), with
/// its root <c>vtd-BB.F</c>, the DMA remapping region and the no-DMAR alias that
/// <see cref="Switch"/> turns on and off, and the requester's context-cache entry.
/// </summary>
internal sealed class VtdAddressSpace(PciBus bus, int devfn, MemoryRegion root, IntelIommuMemoryRegion dmar, MemoryRegion? nodmar) : IIommuAddressSpace
{
    /// <inheritdoc/>
    public MemoryRegion Root { get; } = root;

    /// <summary>The requester's bus.</summary>
    public PciBus Bus { get; } = bus;

    /// <summary>The requester's device and function.</summary>
    public int Devfn { get; } = devfn;

    /// <summary>The DMA remapping region (<c>vtd-BB.F-dmar</c>).</summary>
    public IntelIommuMemoryRegion Dmar { get; } = dmar;

    /// <summary>QEMU's source id: the bus number now, and the devfn.</summary>
    public ushort SourceId => (ushort)((Bus.BusNumber << 8) | Devfn);

    /// <summary>The cached context entry, valid while <see cref="ContextGeneration"/> is the engine's.</summary>
    public ulong ContextLow, ContextHigh;

    /// <summary>The generation the cached context entry belongs to (0: none).</summary>
    public uint ContextGeneration;

    /// <summary>QEMU's <c>vtd_switch_address_space</c>: the remapping region or the no-DMAR view.</summary>
    public void Switch(bool useIommu)
    {
        Dmar.SetEnabled(useIommu);
        nodmar?.SetEnabled(!useIommu);
    }
}
