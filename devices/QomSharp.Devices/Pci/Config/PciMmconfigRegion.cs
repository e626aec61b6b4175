using QomSharp.Memory;

namespace QomSharp.Devices.Pci.Config;

/// <summary>
/// The enhanced configuration mechanism (QEMU's <c>pcie_mmcfg_ops</c>): in a window of
/// <paramref name="size"/> bytes, address bits 20-27 select the bus, 12-19 the devfn and 0-11 the
/// register, so every function's whole space is reached; an 8-byte access is two 4-byte ones.
/// </summary>
public sealed class PciMmconfigRegion(PciConfigAccess access, ulong size) : IMemoryRegionOps
{
    private readonly int busMask = (int)((size >> 20) - 1);

    /// <inheritdoc/>
    public ulong Read(ulong offset, int size)
    {
        if (size == 8)
        {
            return ReadDword(offset) | ((ulong)ReadDword(offset + 4) << 32);
        }

        return Read32(offset, size);
    }

    /// <inheritdoc/>
    public void Write(ulong offset, ulong value, int size)
    {
        if (size == 8)
        {
            Write32(offset, (uint)value, 4);
            Write32(offset + 4, (uint)(value >> 32), 4);
            return;
        }

        Write32(offset, (uint)value, size);
    }

    private uint ReadDword(ulong offset) => Read32(offset, 4);

    private uint Read32(ulong offset, int size) =>
        access.Read((int)(offset >> 20) & busMask, (int)(offset >> 12) & 0xff, (int)(offset & 0xfff), size, PciConfigSpace.ExpressSize);

    private void Write32(ulong offset, uint value, int size) =>
        access.Write((int)(offset >> 20) & busMask, (int)(offset >> 12) & 0xff, (int)(offset & 0xfff), value, size, PciConfigSpace.ExpressSize);
}
