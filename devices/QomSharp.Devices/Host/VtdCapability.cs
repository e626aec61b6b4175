namespace QomSharp.Devices.Host;

/// <summary>
/// Decodes a VT-d Capability Register (CAP_REG, offset 0x08) value. Bit positions follow the VT-d
/// specification as Linux's drivers/iommu/intel/iommu.h reads them (see devices-spec.md §2.3).
/// </summary>
public readonly record struct VtdCapability(ulong Value)
{
    private static ulong Field(ulong value, int low, int high) =>
        (value >> low) & ((1UL << (high - low + 1)) - 1);

    private bool Bit(int index) => ((Value >> index) & 1) != 0;

    /// <summary>ND, bits 2:0: encodes the number of domain ids.</summary>
    public int NumberOfDomainsField => (int)Field(Value, 0, 2);

    /// <summary>Domain ids supported: 2^(4 + 2·ND).</summary>
    public int NumberOfDomains => 1 << (4 + 2 * NumberOfDomainsField);

    /// <summary>AFL, bit 3: advanced fault logging.</summary>
    public bool AdvancedFaultLogging => Bit(3);
    /// <summary>RWBF, bit 4: required write-buffer flushing.</summary>
    public bool RequiredWriteBufferFlushing => Bit(4);
    /// <summary>PLMR, bit 5: protected low-memory region.</summary>
    public bool ProtectedLowMemoryRegion => Bit(5);
    /// <summary>PHMR, bit 6: protected high-memory region.</summary>
    public bool ProtectedHighMemoryRegion => Bit(6);

    /// <summary>CM, bit 7: caching mode (a virtual IOMMU sets it so not-present entries are flushed too).</summary>
    public bool CachingMode => Bit(7);

    /// <summary>SAGAW, bits 12:8: one bit per supported second-stage page-table depth.</summary>
    public int SupportedAdjustedGuestAddressWidths => (int)Field(Value, 8, 12);

    /// <summary>MGAW, bits 21:16, as stored: the maximum guest address width minus one.</summary>
    public int MgawField => (int)Field(Value, 16, 21);

    /// <summary>Maximum guest address width in bits (MGAW field + 1).</summary>
    public int MaximumGuestAddressWidth => MgawField + 1;

    /// <summary>ZLR, bit 22: zero-length DMA reads.</summary>
    public bool ZeroLengthRead => Bit(22);
    /// <summary>ISOCH, bit 23: isochrony.</summary>
    public bool Isochrony => Bit(23);

    /// <summary>FRO, bits 33:24: fault-recording register offset in 16-byte units.</summary>
    public int FaultRecordingOffset => (int)Field(Value, 24, 33) * 16;

    /// <summary>SLLPS, bits 37:34: second-stage large pages (bit 34 = 2 MiB, bit 35 = 1 GiB).</summary>
    public int SecondStageLargePageSupport => (int)Field(Value, 34, 37);

    /// <summary>Bit 34: second-stage 2 MiB pages.</summary>
    public bool Supports2MiBPages => Bit(34);
    /// <summary>Bit 35: second-stage 1 GiB pages.</summary>
    public bool Supports1GiBPages => Bit(35);

    /// <summary>PSI, bit 39: page-selective invalidation.</summary>
    public bool PageSelectiveInvalidation => Bit(39);

    /// <summary>NFR, bits 47:40 hold the number of fault-recording registers minus one.</summary>
    public int NumberOfFaultRecordingRegisters => (int)Field(Value, 40, 47) + 1;

    /// <summary>MAMV, bits 53:48: maximum address mask value for page-selective invalidation.</summary>
    public int MaximumAddressMaskValue => (int)Field(Value, 48, 53);

    /// <summary>DWD, bit 54: DMA write draining.</summary>
    public bool DmaWriteDraining => Bit(54);
    /// <summary>DRD, bit 55: DMA read draining.</summary>
    public bool DmaReadDraining => Bit(55);

    /// <summary>FS1GP (FL1GP), bit 56: first-stage 1 GiB pages.</summary>
    public bool FirstStage1GiBPages => Bit(56);

    /// <summary>PI, bit 59: posted interrupts.</summary>
    public bool PostedInterrupts => Bit(59);
    /// <summary>FS5LP, bit 60: first-stage 5-level paging.</summary>
    public bool FirstStage5LevelPaging => Bit(60);
    /// <summary>ECMDS, bit 61: enhanced command support.</summary>
    public bool EnhancedCommandSupport => Bit(61);
    /// <summary>ESIRTPS, bit 62: enhanced set interrupt remap table pointer support.</summary>
    public bool EnhancedSetInterruptRootTablePointer => Bit(62);
    /// <summary>ESRTPS, bit 63: enhanced set root table pointer support.</summary>
    public bool EnhancedSetRootTablePointer => Bit(63);

    /// <summary>Whether SAGAW advertises the page-table depth with this AGAW index (1 → 39 bits, 2 → 48, 3 → 57).</summary>
    public bool SupportsAgaw(int agaw) => agaw is >= 0 and <= 4 && ((SupportedAdjustedGuestAddressWidths >> agaw) & 1) != 0;

    /// <summary>Address width covered by an AGAW index: 30 + 9·agaw, capped at 64 (Linux agaw_to_width).</summary>
    public static int AgawToWidth(int agaw) => System.Math.Min(30 + agaw * 9, 64);

    /// <summary>The smallest AGAW index covering the given width: ceil((width − 30) / 9) (Linux width_to_agaw).</summary>
    public static int WidthToAgaw(int width) => (width - 30 + 8) / 9;

    /// <summary>The raw value in hex, as sysfs <c>cap</c> shows it.</summary>
    public override string ToString() => $"0x{Value:x}";
}
