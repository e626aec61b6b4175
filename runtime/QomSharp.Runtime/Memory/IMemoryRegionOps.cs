namespace QomSharp.Memory;

/// <summary>The device side of an MMIO region (QEMU's <c>MemoryRegionOps</c>): accesses of 1, 2, 4 or 8 bytes.</summary>
public interface IMemoryRegionOps
{
    /// <summary>
    /// The widest piece the address space hands the region at once (QEMU's
    /// <c>valid.max_access_size</c>; 4 when the device states none). A piece may run past the
    /// region's end, as in QEMU: the device answers it as its handlers answer any offset.
    /// </summary>
    int MaxAccessSize => 4;

    /// <summary>
    /// Whether the device implements accesses not aligned to their size, so that the address space
    /// does not cut a piece at its address's alignment (QEMU's <c>impl.unaligned</c>).
    /// </summary>
    bool ImplementsUnaligned => false;

    /// <summary>Reads <paramref name="size"/> bytes at <paramref name="offset"/> into the region.</summary>
    ulong Read(ulong offset, int size);

    /// <summary>Writes <paramref name="size"/> bytes at <paramref name="offset"/> into the region.</summary>
    void Write(ulong offset, ulong value, int size);
}
