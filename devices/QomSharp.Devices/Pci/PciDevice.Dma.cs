using QomSharp.Memory;

namespace QomSharp.Devices.Pci;

/// <summary>
/// The function's DMA (QEMU's <c>pci_get_address_space</c>, <c>pci_dma_rw</c>): accesses go through
/// its bus master address space, the container whose alias shows the vIOMMU's space for the
/// function (or the system memory) while the command register's bus master bit is set. Behind a
/// vIOMMU they are translated (and may fault there); without one they reach the system memory.
/// </summary>
public abstract partial class PciDevice
{
    /// <summary>The root of the function's bus master address space, or null before it is made.</summary>
    public MemoryRegion? BusMasterSpaceRoot => GetChild(BusMasterContainerName + "[0]") as MemoryRegion;

    /// <summary>QEMU's <c>pci_dma_write</c> of 1, 2, 4 or 8 bytes (little endian) through the bus master space.</summary>
    public MemoryTransactionResult DmaWrite(ulong address, ulong value, int size) =>
        DmaRoot() is { } root ? IommuDispatch.Write(root, Context.Qdev.SystemMemory, address, value, size) : MemoryTransactionResult.DecodeError;

    /// <summary>QEMU's <c>pci_dma_read</c> of 1, 2, 4 or 8 bytes (little endian) through the bus master space.</summary>
    public MemoryTransactionResult DmaRead(ulong address, int size, out ulong value)
    {
        if (DmaRoot() is { } root)
        {
            return IommuDispatch.Read(root, Context.Qdev.SystemMemory, address, size, out value);
        }

        value = 0;
        return MemoryTransactionResult.DecodeError;
    }

    /// <summary>
    /// Where a DMA access at <paramref name="address"/> lands in the bus master space (QEMU's
    /// <c>address_space_translate</c> as <c>dma_memory_map</c> uses it), translating through the
    /// vIOMMU (which records its faults) for the access's direction.
    /// </summary>
    public DmaTarget DmaResolve(ulong address, bool write) =>
        DmaRoot() is { } root ? IommuDispatch.Resolve(root, Context.Qdev.SystemMemory, address, write ? IommuAccessFlags.Write : IommuAccessFlags.Read) : default;

    // The space's root; where the container is not made yet, what its alias would show while the function masters the bus.
    private MemoryRegion? DmaRoot()
    {
        if (BusMasterSpaceRoot is { } container)
        {
            return container;
        }

        if (!IsBusMaster)
        {
            return null;
        }

        object? space = GetIommuAddressSpace();
        return space as MemoryRegion ?? (space as IIommuAddressSpace)?.Root ?? Context.Qdev.SystemMemory.Root;
    }
}
