namespace QomSharp.Memory;

/// <summary>The device side of an MMIO region (QEMU's <c>MemoryRegionOps</c>): accesses of 1, 2, 4 or 8 bytes.</summary>
public interface IMemoryRegionOps
{
    /// <summary>Reads <paramref name="size"/> bytes at <paramref name="offset"/> into the region.</summary>
    ulong Read(ulong offset, int size);

    /// <summary>Writes <paramref name="size"/> bytes at <paramref name="offset"/> into the region.</summary>
    void Write(ulong offset, ulong value, int size);
}
