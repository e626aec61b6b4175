using System;
using QomSharp.Memory;

namespace QomSharp.Devices.I386;

/// <summary>
/// First-stage translation as QEMU 10.0 does it with <c>x-flts=on</c> in scalable mode: the
/// PASID entry's FSPTPTR names a 4-level table (FLPM must be 0), the address must be canonical
/// for the width the entry's AW field gives (at most the guest address width), and each level's
/// entry is checked for present, user access (no emulated device makes supervisor requests),
/// write permission and reserved bits before its accessed bit (and the leaf's dirty bit for a
/// write) is set in guest memory, unless one of those bits is already set there.
/// </summary>
public sealed partial class DmarRegisters
{
    /// <summary>First-stage fault reasons (VT-d's, as QEMU records them).</summary>
    internal const int FaultFsPagingEntryInvalid = 0x70, FaultFsPagingEntryNotPresent = 0x71, FaultFsPagingEntryReserved = 0x72,
        FaultFsPointerInvalid = 0x73, FaultFsNonCanonical = 0x80, FaultFsUserSupervisor = 0x81, FaultScalableWrite = 0x85,
        FaultFsBitUpdate = 0x91;

    private const ulong FlPresent = 1, FlWritable = 2, FlUser = 4, FlAccessed = 0x20, FlDirty = 0x40;
    private const ulong FsUpperIgnored = 0xfff0_0000_0000_0000;

    // QEMU's vtd_iova_to_flpte: the leaf entry, its level and the permissions the walk allows, or the fault reason.
    private int WalkFirstStage(ulong table, int widthField, ulong iova, bool write, uint pasid, out ulong pte, out int level, out IommuAccessFlags allowed)
    {
        level = 4;
        pte = 0;
        allowed = IommuAccessFlags.ReadWrite;
        if (!IsCanonical(iova, Math.Min(30 + (widthField * 9), Options.AwBits)))
        {
            ReportOnce("vtd_iova_to_flpte/canonical", $"vtd_iova_to_flpte: detected non canonical IOVA (iova=0x{iova:x},pasid=0x{pasid:x})");
            return FaultFsNonCanonical;
        }

        while (true)
        {
            ulong at = table + (((iova >> (12 + ((level - 1) * 9))) & 0x1ff) * 8);
            // QEMU's vtd_get_pte gives all ones for a failed read, and an entry of all ones is taken as one.
            if (!ReadQuad(at, out ulong entry) || entry == ulong.MaxValue)
            {
                return level == 4 ? FaultFsPointerInvalid : FaultFsPagingEntryInvalid;
            }

            if ((entry & FlPresent) == 0)
            {
                allowed = IommuAccessFlags.None;
                return FaultFsPagingEntryNotPresent;
            }

            if ((entry & FlUser) == 0)
            {
                allowed = IommuAccessFlags.None;
                return FaultFsUserSupervisor;
            }

            if ((entry & FlWritable) == 0)
            {
                allowed &= ~IommuAccessFlags.Write;
                if (write)
                {
                    return FaultScalableWrite;
                }
            }

            if ((entry & FirstStageReservedMask(entry, level)) != 0)
            {
                ReportOnce("vtd_iova_to_flpte/reserved",
                    $"vtd_iova_to_flpte: detected flpte reserved non-zero iova=0x{iova:x}, level=0x{level:x}flpte=0x{entry:x}, pasid=0x{pasid:X})");
                return FaultFsPagingEntryReserved;
            }

            bool leaf = level == 1 || (entry & PageSize) != 0;
            ulong flags = leaf && write ? FlAccessed | FlDirty : FlAccessed;
            if ((entry & flags) == 0 && !WriteQuad(at, entry | flags))
            {
                return FaultFsBitUpdate;
            }

            if (leaf)
            {
                pte = entry;
                return 0;
            }

            table = entry & ~0xfffUL & HostAddressMask;
            level--;
        }
    }

    // QEMU's vtd_iova_fl_check_canonical: the bits above the width all equal to its top bit.
    private static bool IsCanonical(ulong iova, int width)
    {
        ulong limit = 1UL << width;
        ulong upper = ~(limit - 1);
        return (iova & (limit >> 1)) != 0 ? (iova & upper) == upper : (iova & upper) == 0;
    }

    // QEMU's vtd_flpte_nonzero_rsvd masks (vtd_fpte_rsvd and vtd_fpte_rsvd_large as vtd_init sets them):
    // the bits above the host address width below the ignored top twelve, PS in the top level, and
    // the bits of a large page's address below its size (its PAT bit 12 excepted).
    private ulong FirstStageReservedMask(ulong entry, int level)
    {
        ulong outside = ~(HostAddressMask | FsUpperIgnored);
        return level switch
        {
            2 when (entry & PageSize) != 0 => 0x1f_e000UL | outside,
            3 when (entry & PageSize) != 0 => 0x3fff_e000UL | outside,
            1 or 2 or 3 => outside,
            4 => 0x80UL | outside,
            _ => ulong.MaxValue,
        };
    }

    // An 8-byte write of guest memory for the engine (QEMU's dma_memory_write of a paging entry); false where it fails.
    private bool WriteQuad(ulong address, ulong value) =>
        Dma is not null && Reaches(address, sizeof(ulong)) && Dma.TryWrite(address, value, sizeof(ulong));

    // QEMU's vtd_hash_remove_by_page_piotlb: the first-stage entries of the domain and PASID covering
    // the 2^am pages at address, or that address's page. QEMU computes the mask with a 32-bit shift
    // (its count taken modulo 32 on x86, the result sign-extended), and so does this.
    private void InvalidatePasidIotlbPage(ushort domain, uint pasid, ulong address, int addressMask)
    {
        ulong mask = (ulong)(long)~((1 << addressMask) - 1);
        ulong gfn = (address >> 12) & mask;
        foreach (var (key, entry) in iotlb)
        {
            if (entry.FirstStage && entry.DomainId == domain && entry.Pasid == pasid
                && ((entry.Gfn & mask) == gfn || entry.Gfn == (address & entry.Mask) >> 12))
            {
                iotlb.Remove(key);
            }
        }
    }
}
