using System;
using System.Collections.Generic;
using QomSharp.Memory;

namespace QomSharp.Devices.I386;

/// <summary>
/// DMA remapping as QEMU 10.0's legacy mode does it: the root entry of the requester's bus, its
/// context entry (present, reserved bits, address width against SAGAW, translation type,
/// pass-through where ECAP.PT offers it), the second-level page walk (3 or 4 levels, 2 MiB and
/// 1 GiB pages, the reserved bits of each level, read and write permission, no translation into
/// the interrupt window; with <c>x-flts</c> the first-stage walk of <c>DmarRegisters.FirstStage.cs</c>
/// instead); the context cache (one entry a requester, valid for a generation) and the IOTLB
/// (keyed by page frame, requester, level and PASID, up to 1024 entries), dropped by the
/// invalidations QEMU drops them for; faults recorded in the one fault recording register with
/// FSTS.PPF/PFO, the fault event, and QEMU's <c>error_report_once</c> texts.
/// </summary>
public sealed partial class DmarRegisters
{
    /// <summary>Fault reasons (VT-d's, as QEMU records them).</summary>
    internal const int FaultRootEntryNotPresent = 1, FaultContextEntryNotPresent = 2, FaultContextEntryInvalid = 3,
        FaultAddressBeyondMgaw = 4, FaultWrite = 5, FaultRead = 6, FaultPagingEntryInvalid = 7, FaultRootTableInvalid = 8,
        FaultContextTableInvalid = 9, FaultRootEntryReserved = 0xa, FaultContextEntryReserved = 0xb, FaultPagingEntryReserved = 0xc,
        FaultContextEntryTranslationType = 0xd, FaultInterruptAddress = 0xe, FaultPasidDirectoryAccess = 0x50, FaultPasidDirectoryEntryNotPresent = 0x51,
        FaultPasidTableAccess = 0x58, FaultPasidEntryNotPresent = 0x59, FaultPasidEntryInvalid = 0x5b, FaultScalableInterruptAddress = 0x87;

    // The PASID a legacy request carries (QEMU's PCI_NO_PASID) and the PASID entry's translation types.
    private const uint NoPasid = uint.MaxValue;
    private const int FirstLevelType = 1, SecondLevelType = 2, PassThroughType = 4;

    private const ulong FaultRecordFault = 1UL << 63, FaultRecordRead = 1UL << 62;
    private const int FaultRecordCount = 1;
    private const int IotlbMaxSize = 1024;
    private const ulong InterruptFirst = 0xfee0_0000, InterruptLast = 0xfeef_ffff;
    private const ulong SlIgnored = 0xbff0_0000_0000_0000, SlTm = 1UL << 62, SlSnoop = 0x800, PageSize = 1UL << 7;
    private const ulong ContextReservedHigh = 0xffff_ffff_ff00_0080;

    private readonly List<VtdAddressSpace> spaces = [];
    private readonly Dictionary<IotlbKey, IotlbEntry> iotlb = [];
    private readonly HashSet<string> reportedOnce = [];
    private uint contextGeneration = 1;
    private int nextFaultRecord;

    /// <summary>Where the engine's <c>error_report</c> lines go (the text after the program name, ending in a newline).</summary>
    public Action<string>? ErrorReport { get; set; }

    /// <summary>How the fault event's message (FEADDR, FEDATA) reaches the APIC.</summary>
    public Action<ulong, uint>? SendMessage { get; set; }

    private readonly record struct IotlbKey(ulong Gfn, ushort SourceId, int Level, uint Pasid);

    private sealed record IotlbEntry(ushort DomainId, ulong Pte, IommuAccessFlags Access, ulong Mask, ulong Gfn, uint Pasid, bool FirstStage);

    private ulong HostAddressMask => (1UL << Options.AwBits) - 1;

    private bool PassThroughSupported => (extendedCapability & (1UL << 6)) != 0;

    private bool DeviceTlbSupported => (extendedCapability & (1UL << 2)) != 0;

    /// <summary>How many IOTLB entries are cached.</summary>
    public int IotlbCount => iotlb.Count;

    /// <summary>QEMU's <c>vtd_find_add_as</c> end: a new requester's space, switched as the engine stands.</summary>
    internal void AddSpace(VtdAddressSpace space)
    {
        spaces.Add(space);
        SwitchSpace(space);
    }

    // QEMU's vtd_reset_caches: the context cache (every requester's entry) and the IOTLB.
    private void ResetCaches()
    {
        ResetContextCache();
        iotlb.Clear();
    }

    private void ResetContextCache()
    {
        foreach (var space in spaces)
        {
            space.ContextGeneration = 0;
        }

        contextGeneration = 1;
    }

    // QEMU's vtd_switch_address_space_all.
    private void SwitchAllSpaces()
    {
        foreach (var space in spaces)
        {
            SwitchSpace(space);
        }
    }

    // Translation used unless off or the requester's context entry (read anew) is pass-through
    // (in scalable mode: its RID2PASID's PASID entry).
    private void SwitchSpace(VtdAddressSpace space) =>
        space.Switch(TranslationEnabled && !(ContextEntry(space.Bus.BusNumber, space.Devfn, out ulong low, out ulong high) == 0 && IsPassThrough(low, high)));

    private bool IsPassThrough(ulong low, ulong high) => !RootScalable ? ((low >> 2) & 3) == 2
        : PasidEntry(low, high, out ulong pasidLow, out _, out _, out _) == 0 && (int)((pasidLow >> 6) & 7) == PassThroughType;

    // QEMU's vtd_context_global_invalidate: a new generation (all cached entries stale).
    private void InvalidateContextGlobal()
    {
        if (++contextGeneration == uint.MaxValue)
        {
            ResetContextCache();
        }

        SwitchAllSpaces();
    }

    // QEMU's vtd_context_device_invalidate: the requesters on the source id's bus whose devfn matches under the function mask.
    private void InvalidateContextDevice(ushort sourceId, int functionMask)
    {
        int mask = ~(functionMask switch { 0 => 0, 1 => 4, 2 => 6, _ => 7 });
        int bus = sourceId >> 8, devfn = sourceId & 0xff;
        foreach (var space in spaces)
        {
            if (space.Bus.BusNumber == bus && (space.Devfn & mask) == (devfn & mask))
            {
                space.ContextGeneration = 0;
                SwitchSpace(space);
            }
        }
    }

    private void InvalidateIotlbDomain(ushort domain)
    {
        foreach (var (key, entry) in iotlb)
        {
            if (entry.DomainId == domain)
            {
                iotlb.Remove(key);
            }
        }
    }

    // QEMU's vtd_piotlb_pasid_invalidate: the domain's entries of one PASID.
    private void InvalidateIotlbPasid(ushort domain, uint pasid)
    {
        foreach (var (key, entry) in iotlb)
        {
            if (entry.DomainId == domain && entry.Pasid == pasid)
            {
                iotlb.Remove(key);
            }
        }
    }

    // QEMU's vtd_iotlb_page_invalidate: the domain's second-stage entries covering the 2^am pages
    // at address, or that address's page, and all of the domain's first-stage entries.
    private void InvalidateIotlbPage(ushort domain, ulong address, int addressMask)
    {
        ulong mask = ~((1UL << addressMask) - 1);
        ulong gfn = (address >> 12) & mask;
        foreach (var (key, entry) in iotlb)
        {
            if (entry.DomainId == domain && (entry.FirstStage || (entry.Gfn & mask) == gfn || entry.Gfn == (address & entry.Mask) >> 12))
            {
                iotlb.Remove(key);
            }
        }
    }

    /// <summary>
    /// QEMU's <c>vtd_iommu_translate</c> for <paramref name="space"/>'s requester: pass-through
    /// 4 KiB pages while translation is off, else the cached or walked translation; a fault is
    /// recorded (unless the context entry disables it) and the entry has no permissions.
    /// </summary>
    internal IommuTlbEntry Translate(VtdAddressSpace space, ulong address, IommuAccessFlags access)
    {
        if (Dma is not { } system)
        {
            return IommuTlbEntry.Fault;
        }

        if (!TranslationEnabled)
        {
            return new IommuTlbEntry(system, address & ~0xfffUL, address & ~0xfffUL, 0xfff, IommuAccessFlags.ReadWrite);
        }

        bool write = (access & IommuAccessFlags.Write) != 0;
        ushort sourceId = space.SourceId;
        bool scalable = RootScalable;
        if (!scalable && LookupIotlb(sourceId, address, NoPasid) is { } cached)
        {
            return Entry(system, address, cached.Pte, cached.Mask, cached.Access);
        }

        ulong low, high;
        if (space.ContextGeneration != contextGeneration)
        {
            int fault = ContextEntry(sourceId >> 8, space.Devfn, out low, out high);
            if (fault != 0)
            {
                return Failed(space, sourceId, address, write, fault, (low & 2) != 0, null);
            }

            space.ContextLow = low;
            space.ContextHigh = high;
            space.ContextGeneration = contextGeneration;
        }

        low = space.ContextLow;
        high = space.ContextHigh;
        bool faultsDisabled = (low & 2) != 0;
        uint pasid = NoPasid;
        bool firstStage = false;
        ulong table = low & ~0xfffUL;
        int widthField = (int)(high & 7);
        ushort domain = (ushort)((high >> 8) & 0xffff);
        if (scalable)
        {
            // RID2PASID's PASID entry, read anew (its FPD, or its directory entry's, disables faults too).
            pasid = (uint)(high & 0xfffff);
            int fault = PasidEntry(low, high, out ulong pasidLow, out ulong pasidHigh, out ulong pasidThird, out bool pasidFaultsDisabled);
            faultsDisabled |= pasidFaultsDisabled;
            if (fault != 0)
            {
                return Failed(space, sourceId, address, write, fault, faultsDisabled, null);
            }

            if ((int)((pasidLow >> 6) & 7) == PassThroughType)
            {
                return new IommuTlbEntry(system, address & ~0xfffUL, address & ~0xfffUL, 0xfff, IommuAccessFlags.ReadWrite);
            }

            if (LookupIotlb(sourceId, address, pasid) is { } hit)
            {
                return Entry(system, address, hit.Pte, hit.Mask, hit.Access);
            }

            // With x-flts, QEMU walks the first-stage table (the only other type ECAP offers is pass-through).
            firstStage = Options.FirstStage;
            table = (firstStage ? pasidThird : pasidLow) & ~0xfffUL;
            widthField = (int)((pasidLow >> 2) & 7);
            domain = (ushort)(pasidHigh & 0xffff);
        }
        else if (IsPassThrough(low, high))
        {
            return new IommuTlbEntry(system, address & ~0xfffUL, address & ~0xfffUL, 0xfff, IommuAccessFlags.ReadWrite);
        }

        ulong pte;
        int level;
        IommuAccessFlags allowed;
        int walkFault = firstStage ? WalkFirstStage(table, widthField, address, write, pasid, out pte, out level, out allowed)
            : WalkSecondLevel(table, widthField, address, write, pasid, out pte, out level, out allowed);
        if (walkFault == 0)
        {
            walkFault = InterruptRangeFault(address, pte, level, write, pasid);
        }

        if (walkFault != 0)
        {
            return Failed(space, sourceId, address, write, walkFault, faultsDisabled, pasid);
        }

        ulong pageMask = LevelPageMask(level);
        if (iotlb.Count >= IotlbMaxSize)
        {
            iotlb.Clear();
        }

        ulong gfn = (address & pageMask) >> 12;
        iotlb[new IotlbKey(gfn, sourceId, level, pasid)] = new IotlbEntry(domain, pte, allowed, pageMask, gfn, pasid, firstStage);
        return Entry(system, address, pte, pageMask, allowed);
    }

    private IommuTlbEntry Entry(AddressSpace system, ulong address, ulong pte, ulong pageMask, IommuAccessFlags allowed) =>
        new(system, address & pageMask, pte & ~0xfffUL & HostAddressMask & pageMask, ~pageMask, allowed);

    // A fault of the context entry's fetch carries no PASID (null); one of the walk the request's
    // PASID: in legacy mode the "no PASID" value (its low 16 bits in PV, PP clear), in scalable
    // mode RID2PASID's (PP set).
    private IommuTlbEntry Failed(VtdAddressSpace space, ushort sourceId, ulong address, bool write, int fault, bool faultsDisabled, uint? pasid)
    {
        if (!(faultsDisabled && IsQualified(fault)))
        {
            RecordFault(sourceId, address, fault, write, pasid is { } p ? ((ulong)(p & 0xffff) << 40) | (p != NoPasid ? 1UL << 31 : 0) : 0);
        }

        int bus = sourceId >> 8;
        ReportOnce("vtd_iommu_translate",
            $"vtd_iommu_translate: detected translation failure (dev={bus:x2}:{space.Devfn >> 3:x2}:{space.Devfn & 7:x2}, iova=0x{address:x})");
        return IommuTlbEntry.Fault;
    }

    // QEMU's vtd_is_qualified_fault: the faults a context entry's FPD keeps from being recorded.
    private static bool IsQualified(int fault) => fault is FaultContextEntryNotPresent or FaultContextEntryInvalid
        or FaultAddressBeyondMgaw or FaultWrite or FaultRead or FaultPagingEntryInvalid or FaultPagingEntryReserved or FaultInterruptAddress
        or FaultContextEntryTranslationType or FaultScalableInterruptAddress or FaultPasidDirectoryEntryNotPresent
        or FaultPasidEntryNotPresent or FaultPasidEntryInvalid or FaultFsPagingEntryInvalid or FaultFsPagingEntryNotPresent
        or FaultFsPagingEntryReserved or FaultFsPointerInvalid or FaultFsNonCanonical or FaultFsUserSupervisor or FaultScalableWrite
        or FaultFsBitUpdate;

    // QEMU's vtd_lookup_iotlb: the entry of the address's 4 KiB, 2 MiB or 1 GiB frame for the requester.
    private IotlbEntry? LookupIotlb(ushort sourceId, ulong address, uint pasid)
    {
        for (int level = 1; level < 4; level++)
        {
            if (iotlb.TryGetValue(new IotlbKey((address & LevelPageMask(level)) >> 12, sourceId, level, pasid), out var entry))
            {
                return entry;
            }
        }

        return null;
    }

    private static ulong LevelPageMask(int level) => ~((1UL << (12 + ((level - 1) * 9))) - 1);

    // QEMU's vtd_dev_to_context_entry (legacy mode): 0, or the fault reason.
    private int ContextEntry(int bus, int devfn, out ulong low, out ulong high)
    {
        low = high = 0;
        ulong rootAt = RootTable + ((ulong)bus * 16);
        if (!ReadQuad(rootAt, out ulong rootLow) | !ReadQuad(rootAt + 8, out ulong rootHigh))
        {
            return FaultRootTableInvalid;
        }

        bool scalable = RootScalable;
        bool upper = scalable && devfn > 0x7f;
        if (((upper ? rootHigh : rootLow) & 1) == 0)
        {
            return FaultRootEntryNotPresent;
        }

        ulong rootReserved = 0xffeUL | ~HostAddressMask;
        if (scalable ? ((rootLow | rootHigh) & rootReserved) != 0 : rootHigh != 0 || (rootLow & rootReserved) != 0)
        {
            ReportOnce("vtd_root_entry_rsvd_bits_check", $"vtd_root_entry_rsvd_bits_check: invalid root entry: hi=0x{rootHigh:x}, lo=0x{rootLow:x}");
            return FaultRootEntryReserved;
        }

        if (scalable)
        {
            return ScalableContextEntry(((upper ? rootHigh : rootLow) & ~0xfffUL) + ((ulong)(devfn & 0x7f) * 32), out low, out high);
        }

        ulong contextAt = (rootLow & ~0xfffUL) + ((ulong)devfn * 16);
        if (!ReadQuad(contextAt, out low) | !ReadQuad(contextAt + 8, out high))
        {
            low = high = 0;
            return FaultContextTableInvalid;
        }

        if ((low & 1) == 0)
        {
            return FaultContextEntryNotPresent;
        }

        if ((high & ContextReservedHigh) != 0 || (low & (0xff0UL | ~HostAddressMask)) != 0)
        {
            ReportOnce("vtd_context_entry_rsvd_bits_check",
                $"vtd_context_entry_rsvd_bits_check: invalid context entry: hi={high:x}, lo={low:x} (reserved nonzero)");
            return FaultContextEntryReserved;
        }

        int level = (int)(high & 7) + 2;
        if (!SecondLevelSupported(level))
        {
            ReportOnce("vtd_dev_to_context_entry",
                $"vtd_dev_to_context_entry: invalid context entry: hi={high:x}, lo={low:x} (level {level} not supported)");
            return FaultContextEntryInvalid;
        }

        switch ((low >> 2) & 3)
        {
            case 1 when !DeviceTlbSupported:
                ReportOnce("vtd_ce_type_check/dt", "vtd_ce_type_check: DT specified but not supported");
                return FaultContextEntryInvalid;
            case 2 when !PassThroughSupported:
                ReportOnce("vtd_ce_type_check/pt", "vtd_ce_type_check: PT specified but not supported");
                return FaultContextEntryInvalid;
            case 3:
                ReportOnce("vtd_ce_type_check/unknown", $"vtd_ce_type_check: unknown ce type: {low & 0xc}");
                return FaultContextEntryInvalid;
        }

        return 0;
    }

    private bool SecondLevelSupported(int level) => level >= 2 && (capability & (1UL << (level - 2 + 8)) & (0x1fUL << 8)) != 0;

    // QEMU's scalable-mode context entry (256 bits): present, reserved bits, and RID2PASID's PASID entry valid.
    private int ScalableContextEntry(ulong at, out ulong low, out ulong high)
    {
        high = 0;
        if (!ReadQuad(at, out low) | !ReadQuad(at + 8, out high) | !ReadQuad(at + 16, out ulong third) | !ReadQuad(at + 24, out ulong fourth))
        {
            low = high = 0;
            return FaultContextTableInvalid;
        }

        if ((low & 1) == 0)
        {
            return FaultContextEntryNotPresent;
        }

        if ((low & (0x1e0UL | ~HostAddressMask)) != 0 || (high & 0xffff_ffff_ffe0_0000) != 0 || third != 0 || fourth != 0)
        {
            ReportOnce("vtd_context_entry_rsvd_bits_check",
                $"vtd_context_entry_rsvd_bits_check: invalid context entry: val[3]={fourth:x}, val[2]={third:x}, val[1]={high:x}, val[0]={low:x} (reserved nonzero)");
            return FaultContextEntryReserved;
        }

        return PasidEntry(low, high, out _, out _, out _, out _);
    }

    // QEMU's vtd_ce_get_rid2pasid_entry: the PASID directory entry and the PASID entry of the
    // context entry's RID2PASID (type checked against ECAP, the second-level width against SAGAW,
    // first-stage paging 4-level, present), its first three quadwords, and whether either entry
    // disables faults.
    private int PasidEntry(ulong contextLow, ulong contextHigh, out ulong entryLow, out ulong entryHigh, out ulong entryThird, out bool faultsDisabled)
    {
        entryLow = entryHigh = entryThird = 0;
        faultsDisabled = false;
        uint pasid = (uint)(contextHigh & 0xfffff);
        if (!ReadQuad((contextLow & ~0xfffUL) + (((pasid >> 6) & 0x3fff) * 8UL), out ulong directory))
        {
            return FaultPasidDirectoryAccess;
        }

        faultsDisabled = (directory & 2) != 0;
        if ((directory & 1) == 0)
        {
            return FaultPasidDirectoryEntryNotPresent;
        }

        ulong at = (directory & ~0xfffUL) + ((pasid & 0x3f) * 64UL);
        bool read = true;
        for (int i = 0; i < 8; i++)
        {
            read &= ReadQuad(at + (ulong)(8 * i), out ulong word);
            if (i == 0)
            {
                entryLow = word;
            }
            else if (i == 1)
            {
                entryHigh = word;
            }
            else if (i == 2)
            {
                entryThird = word;
            }
        }

        if (!read)
        {
            return FaultPasidTableAccess;
        }

        int type = (int)((entryLow >> 6) & 7);
        bool typeOffered = type switch
        {
            FirstLevelType => (extendedCapability & (1UL << 47)) != 0,
            SecondLevelType => (extendedCapability & (1UL << 46)) != 0,
            PassThroughType => PassThroughSupported,
            _ => false,
        };
        if (!typeOffered || (type == SecondLevelType && !SecondLevelSupported((int)((entryLow >> 2) & 7) + 2))
            || (type == FirstLevelType && ((entryThird >> 2) & 3) != 0))
        {
            return FaultPasidEntryInvalid;
        }

        if ((entryLow & 1) == 0)
        {
            return FaultPasidEntryNotPresent;
        }

        faultsDisabled |= (entryLow & 2) != 0;
        return 0;
    }

    // QEMU's vtd_iova_to_slpte: the leaf entry, its level and the permissions of every level, or the fault reason.
    private int WalkSecondLevel(ulong table, int widthField, ulong iova, bool write, uint pasid, out ulong pte, out int level, out IommuAccessFlags allowed)
    {
        int top = widthField + 2;
        level = top;
        pte = 0;
        allowed = IommuAccessFlags.ReadWrite;
        int agaw = 30 + (widthField * 9);
        int width = Math.Min(agaw, Options.AwBits);
        if ((iova & ~((1UL << width) - 1)) != 0)
        {
            ReportOnce("vtd_iova_to_slpte/overflow", $"vtd_iova_to_slpte: detected IOVA overflow (iova=0x{iova:x},pasid=0x{pasid:x})");
            return FaultAddressBeyondMgaw;
        }

        ulong needed = write ? 2UL : 1UL;
        while (true)
        {
            ulong index = (iova >> (12 + ((level - 1) * 9))) & 0x1ff;
            // QEMU's vtd_get_pte gives all ones for a failed read, and an entry of all ones is taken as one.
            if (!ReadQuad(table + (index * 8), out ulong entry) || entry == ulong.MaxValue)
            {
                ReportOnce("vtd_iova_to_slpte/read", $"vtd_iova_to_slpte: detected read error on DMAR slpte (iova=0x{iova:x}, pasid=0x{pasid:x})");
                return level == top ? FaultContextEntryInvalid : FaultPagingEntryInvalid;
            }

            if ((entry & 1) == 0)
            {
                allowed &= ~IommuAccessFlags.Read;
            }

            if ((entry & 2) == 0)
            {
                allowed &= ~IommuAccessFlags.Write;
            }

            if ((entry & needed) == 0)
            {
                ReportOnce("vtd_iova_to_slpte/permission",
                    $"vtd_iova_to_slpte: detected slpte permission error (iova=0x{iova:x}, level=0x{level:x}, slpte=0x{entry:x}, write={(write ? 1 : 0)}, pasid=0x{pasid:x})");
                return write ? FaultWrite : FaultRead;
            }

            if ((entry & ReservedMask(entry, level)) != 0)
            {
                ReportOnce("vtd_iova_to_slpte/reserved",
                    $"vtd_iova_to_slpte: detected splte reserve non-zero iova=0x{iova:x}, level=0x{level:x}slpte=0x{entry:x}, pasid=0x{pasid:X})");
                return FaultPagingEntryReserved;
            }

            if (level == 1 || (entry & PageSize) != 0)
            {
                pte = entry;
                break;
            }

            table = entry & ~0xfffUL & HostAddressMask;
            level--;
        }

        return 0;
    }

    // QEMU's vtd_do_iommu_translate after either walk: a page that overlaps the interrupt window is refused.
    private int InterruptRangeFault(ulong iova, ulong pte, int level, bool write, uint pasid)
    {
        ulong target = pte & ~0xfffUL & HostAddressMask;
        ulong size = ~LevelPageMask(level) + 1;
        if (target > InterruptLast || target + size - 1 < InterruptFirst)
        {
            return 0;
        }

        ReportOnce("vtd_do_iommu_translate/interrupt",
            $"vtd_do_iommu_translate: xlat address is in interrupt range (iova=0x{iova:x}, level=0x{level:x}, pte=0x{pte:x}, write={(write ? 1 : 0)}, xlat=0x{target:x}, size=0x{size:x}, pasid=0x{pasid:x})");
        return Options.ScalableMode ? FaultScalableInterruptAddress : FaultInterruptAddress;
    }

    // QEMU's vtd_slpte_nonzero_rsvd masks (vtd_spte_rsvd and vtd_spte_rsvd_large as vtd_init sets them).
    private ulong ReservedMask(ulong entry, int level)
    {
        ulong outside = ~(HostAddressMask | SlIgnored);
        bool tmAllowed = DeviceTlbSupported && Options.StaleTm;
        bool snoop = Options.ScalableMode || Options.SnoopControl;
        ulong mask = level switch
        {
            1 => SlSnoop | (tmAllowed ? outside & ~SlTm : outside),
            2 when (entry & PageSize) != 0 => 0x1f_f800UL | (tmAllowed ? outside & ~SlTm : outside),
            3 when (entry & PageSize) != 0 => 0x3fff_f800UL | (tmAllowed ? outside & ~SlTm : outside),
            2 or 3 => 0x800UL | outside,
            4 => 0x880UL | outside,
            _ => ulong.MaxValue,
        };
        if (snoop && (level == 1 || ((level is 2 or 3) && (entry & PageSize) != 0)))
        {
            mask &= ~SlSnoop;
        }

        return mask;
    }

    // An 8-byte read of guest memory for the engine; false where it fails.
    private bool ReadQuad(ulong address, out ulong value)
    {
        var result = MemoryTransactionResult.Ok;
        value = Dma is { } dma ? dma.ReadChecked(address, 8, ref result) : 0;
        return Dma is not null && result == MemoryTransactionResult.Ok;
    }

    // QEMU's vtd_report_dmar_fault: recorded in the next fault recording register unless PFO is
    // set, a record of the source is pending, or the register is in use (PFO then); the fault
    // event when no fault was pending.
    private void RecordFault(ushort sourceId, ulong address, int fault, bool write, ulong pasidFields)
    {
        uint before = RawLong(FaultStatus);
        if ((before & PrimaryFaultOverflow) != 0)
        {
            ReportOnce("fault/pfo", "New fault is not recorded due to Primary Fault Overflow");
            return;
        }

        for (int i = 0; i < FaultRecordCount; i++)
        {
            ulong record = RawQuad(FaultRecording + (16 * i) + 8);
            if ((record & FaultRecordFault) != 0 && (record & 0xffff) == sourceId)
            {
                ReportOnce("fault/collapse", "New fault is not recorded due to compression of faults");
                return;
            }
        }

        int at = FaultRecording + (16 * nextFaultRecord);
        if ((RawQuad(at + 8) & FaultRecordFault) != 0)
        {
            ReportOnce("fault/used", "Next Fault Recording Reg is used, new fault will not be recorded, set PFO field");
            ChangeLong(FaultStatus, 0, PrimaryFaultOverflow);
            return;
        }

        ulong high = sourceId | ((ulong)(fault & 0xff) << 32) | pasidFields | (write ? 0 : FaultRecordRead);
        SetRawQuad(at, address & ~0xfffUL);
        SetRawQuad(at + 8, high);
        if ((before & PendingPrimaryFault) != 0)
        {
            ReportOnce("fault/pending", "There are pending faults already, fault event is not generated");
            SetRawQuad(at + 8, RawQuad(at + 8) | FaultRecordFault);
            UpdatePendingFault();
            nextFaultRecord = (nextFaultRecord + 1) % FaultRecordCount;
            return;
        }

        ChangeLong(FaultStatus, 0xff00, (uint)(nextFaultRecord << 8) & 0xff00);
        SetRawQuad(at + 8, RawQuad(at + 8) | FaultRecordFault);
        UpdatePendingFault();
        nextFaultRecord = (nextFaultRecord + 1) % FaultRecordCount;
        FaultEvent(before);
    }

    // QEMU's vtd_update_fsts_ppf: PPF while any fault recording register holds a fault.
    private void UpdatePendingFault()
    {
        bool any = false;
        for (int i = 0; i < FaultRecordCount; i++)
        {
            any |= (RawQuad(FaultRecording + (16 * i) + 8) & FaultRecordFault) != 0;
        }

        ChangeLong(FaultStatus, PendingPrimaryFault, any ? PendingPrimaryFault : 0);
    }

    // QEMU's vtd_generate_fault_event for a recorded fault: none while an earlier condition is
    // pending; else FECTL.IP, and the message unless masked.
    private void FaultEvent(uint before)
    {
        if ((before & (PendingPrimaryFault | PrimaryFaultOverflow | InvalidationQueueError)) != 0)
        {
            ReportOnce("fault/previous", "There are previous interrupt conditions to be serviced by software, fault event is not generated");
            return;
        }

        ChangeLong(FaultEventControl, 0, InterruptPending);
        if ((RawLong(FaultEventControl) & InterruptMask) != 0)
        {
            ReportOnce("fault/masked", "Interrupt Mask set, irq is not generated");
            return;
        }

        SendEventMessage(FaultEventAddress, FaultEventData);
        ChangeLong(FaultEventControl, InterruptPending, 0);
    }

    // QEMU's vtd_generate_interrupt: the event's message to the APIC.
    private void SendEventMessage(int addressRegister, int dataRegister) =>
        SendMessage?.Invoke(RawLong(addressRegister) | ((ulong)RawLong(addressRegister + 4) << 32), RawLong(dataRegister));
}
