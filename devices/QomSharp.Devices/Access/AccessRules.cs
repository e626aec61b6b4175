using System;
using QomSharp.Memory;

namespace QomSharp.Devices.Access;

/// <summary>
/// A device region's access rules as QEMU's <c>MemoryRegionOps</c> states them, applied the way
/// QEMU's memory core applies them to an access inside the region: the access is cut into pieces
/// no wider than the widest valid size and the address's alignment (<c>memory_access_size</c>); a
/// piece of a size the device refuses, or unaligned when it must be aligned, reads 0 and is not
/// written (<c>memory_region_access_valid</c>); a valid piece reaches the device in accesses of the
/// sizes it implements (<c>access_with_adjusted_size</c>), little-endian.
/// </summary>
public abstract class AccessRules : IMemoryRegionOps
{
    private readonly int validMin;
    private readonly int validMax;
    private readonly bool validUnaligned;
    private readonly int implMin;
    private readonly int implMax;
    private readonly bool implUnaligned;

    /// <summary>The rules: QEMU's <c>valid</c> and <c>impl</c> sizes (0 for QEMU's defaults) and unaligned flags.</summary>
    protected AccessRules(int validMin = 0, int validMax = 0, bool validUnaligned = false, int implMin = 0, int implMax = 0, bool implUnaligned = false)
    {
        this.validMin = validMin;
        this.validMax = validMax;
        this.validUnaligned = validUnaligned;
        this.implMin = implMin == 0 ? 1 : implMin;
        this.implMax = implMax == 0 ? 4 : implMax;
        this.implUnaligned = implUnaligned;
    }

    /// <inheritdoc/>
    public int MaxAccessSize => validMax == 0 ? 4 : validMax;

    /// <inheritdoc/>
    public bool ImplementsUnaligned => implUnaligned;

    /// <summary>The device's read of <paramref name="size"/> bytes (one of the implemented sizes) at <paramref name="offset"/>.</summary>
    protected abstract ulong DeviceRead(ulong offset, int size);

    /// <summary>The device's write of <paramref name="size"/> bytes (one of the implemented sizes) at <paramref name="offset"/>.</summary>
    protected abstract void DeviceWrite(ulong offset, ulong value, int size);

    /// <inheritdoc/>
    public ulong Read(ulong offset, int size)
    {
        ulong result = 0;
        for (int done = 0; done < size;)
        {
            int piece = PieceSize(offset + (ulong)done, size - done);
            result |= Mask(DispatchRead(offset + (ulong)done, piece), piece) << (done * 8);
            done += piece;
        }

        return result;
    }

    /// <inheritdoc/>
    public void Write(ulong offset, ulong value, int size)
    {
        for (int done = 0; done < size;)
        {
            int piece = PieceSize(offset + (ulong)done, size - done);
            DispatchWrite(offset + (ulong)done, Mask(value >> (done * 8), piece), piece);
            done += piece;
        }
    }

    // QEMU's memory_access_size: no wider than the widest valid access (4 unless stated) nor, unless
    // the device takes unaligned accesses, than the address's alignment; a power of two.
    private int PieceSize(ulong offset, int remaining)
    {
        int max = MaxAccessSize;
        if (!implUnaligned)
        {
            ulong align = offset & (~offset + 1);
            if (align != 0 && align < (ulong)max)
            {
                max = (int)align;
            }
        }

        int size = Math.Min(remaining, max);
        return size >= 8 ? 8 : size >= 4 ? 4 : size >= 2 ? 2 : 1;
    }

    private bool Valid(ulong offset, int size)
    {
        if (!validUnaligned && (offset & (ulong)(size - 1)) != 0)
        {
            return false;
        }

        // A device that states no widest valid size takes every size.
        return validMax == 0 || (size <= validMax && size >= validMin);
    }

    private ulong DispatchRead(ulong offset, int size)
    {
        if (!Valid(offset, size))
        {
            return 0;
        }

        int access = Math.Max(Math.Min(size, implMax), implMin);
        ulong value = 0;
        for (int i = 0; i < size; i += access)
        {
            value |= Mask(DeviceRead(offset + (ulong)i, access), access) << (i * 8);
        }

        return value;
    }

    private void DispatchWrite(ulong offset, ulong value, int size)
    {
        if (!Valid(offset, size))
        {
            return;
        }

        int access = Math.Max(Math.Min(size, implMax), implMin);
        for (int i = 0; i < size; i += access)
        {
            DeviceWrite(offset + (ulong)i, Mask(value >> (i * 8), access), access);
        }
    }

    private static ulong Mask(ulong value, int size) => size >= 8 ? value : value & ((1UL << (size * 8)) - 1);
}
