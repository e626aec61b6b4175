using System.Collections.Generic;
using QomSharp.Memory;

namespace QomSharp.Devices.Hostmem;

/// <summary>
/// The bytes of a RAM backend as the guest (and qtest) reads and writes them: 4 KiB pages made on
/// the first write, so a machine of any size costs only what was written. Bytes never written read
/// 0, as QEMU's fresh RAM does. Accesses are little endian.
/// </summary>
public sealed class GuestRam(ulong size) : IMemoryRegionOps
{
    private const int PageShift = 12;
    private const ulong PageMask = (1UL << PageShift) - 1;
    private readonly Dictionary<ulong, byte[]> pages = [];

    /// <summary>The size in bytes.</summary>
    public ulong Size { get; } = size;

    /// <summary>
    /// Where, counted from the start of the RAM, guest accesses reach something else at reset
    /// (start inclusive, end exclusive): on a PC, the VGA/SMRAM window and the PAM-shadowed BIOS
    /// area 0xa0000-0xfffff, which QEMU 10.0 routes to the PCI space after reset. Reads there
    /// answer 0 and writes are dropped.
    /// </summary>
    public (ulong Start, ulong End) Hole { get; set; }

    /// <summary>How many pages the guest has written to.</summary>
    public int PageCount => pages.Count;

    /// <inheritdoc/>
    public ulong Read(ulong offset, int size)
    {
        ulong value = 0;
        for (int i = 0; i < size; i++)
        {
            value |= (ulong)ReadByte(offset + (ulong)i) << (8 * i);
        }

        return value;
    }

    /// <inheritdoc/>
    public void Write(ulong offset, ulong value, int size)
    {
        for (int i = 0; i < size; i++)
        {
            WriteByte(offset + (ulong)i, (byte)(value >> (8 * i)));
        }
    }

    private byte ReadByte(ulong offset) =>
        offset < Size && !InHole(offset) && pages.TryGetValue(offset >> PageShift, out byte[]? page) ? page[offset & PageMask] : (byte)0;

    private void WriteByte(ulong offset, byte value)
    {
        if (offset >= Size || InHole(offset))
        {
            return;
        }

        if (!pages.TryGetValue(offset >> PageShift, out byte[]? page))
        {
            if (value == 0)
            {
                return;
            }

            page = new byte[1 << PageShift];
            pages.Add(offset >> PageShift, page);
        }

        page[offset & PageMask] = value;
    }

    private bool InHole(ulong offset) => offset >= Hole.Start && offset < Hole.End;
}
