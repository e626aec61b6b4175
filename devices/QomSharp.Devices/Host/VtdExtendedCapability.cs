namespace QomSharp.Devices.Host;

/// <summary>
/// Decodes a VT-d Extended Capability Register (ECAP_REG, offset 0x10) value; bit positions as in
/// devices-spec.md §2.3 (Linux drivers/iommu/intel/iommu.h).
/// </summary>
public readonly record struct VtdExtendedCapability(ulong Value)
{
    private static ulong Field(ulong value, int low, int high) =>
        (value >> low) & ((1UL << (high - low + 1)) - 1);

    private bool Bit(int index) => ((Value >> index) & 1) != 0;

    /// <summary>C, bit 0: page-walk coherency.</summary>
    public bool Coherency => Bit(0);

    /// <summary>QI, bit 1: queued invalidation.</summary>
    public bool QueuedInvalidation => Bit(1);

    /// <summary>DT, bit 2: device-TLB (ATS) support.</summary>
    public bool DeviceTlb => Bit(2);

    /// <summary>IR, bit 3: interrupt remapping.</summary>
    public bool InterruptRemapping => Bit(3);

    /// <summary>EIM, bit 4: extended (x2APIC) interrupt mode.</summary>
    public bool ExtendedInterruptMode => Bit(4);

    /// <summary>PT, bit 6: pass-through translation.</summary>
    public bool PassThrough => Bit(6);

    /// <summary>SC, bit 7: snoop control.</summary>
    public bool SnoopControl => Bit(7);

    /// <summary>IRO, bits 17:8: IOTLB register offset in 16-byte units, returned here in bytes.</summary>
    public int IotlbRegisterOffset => (int)Field(Value, 8, 17) * 16;

    /// <summary>MHMV, bits 23:20: maximum handle mask value.</summary>
    public int MaximumHandleMaskValue => (int)Field(Value, 20, 23);

    /// <summary>MTS, bit 25: memory type support.</summary>
    public bool MemoryTypeSupport => Bit(25);

    /// <summary>NEST, bit 26: nested translation.</summary>
    public bool Nested => Bit(26);

    /// <summary>PRS, bit 29: page requests.</summary>
    public bool PageRequests => Bit(29);

    /// <summary>SRS, bit 31: supervisor requests.</summary>
    public bool SupervisorRequests => Bit(31);

    /// <summary>EAFS, bit 34: extended accessed flag in first-stage entries.</summary>
    public bool ExtendedAccessedFlag => Bit(34);

    /// <summary>PSS, bits 39:35: PASID width minus one.</summary>
    public int PasidSizeField => (int)Field(Value, 35, 39);

    /// <summary>PASID width in bits (PSS + 1).</summary>
    public int PasidWidth => PasidSizeField + 1;

    /// <summary>PASID, bit 40.</summary>
    public bool Pasid => Bit(40);

    /// <summary>PDS, bit 42: PASID-granular dirty status.</summary>
    public bool PasidDirtyStatus => Bit(42);

    /// <summary>SMTS, bit 43: scalable-mode translation.</summary>
    public bool ScalableModeTranslation => Bit(43);

    /// <summary>SSADS (SLADS), bit 45: second-stage accessed/dirty bits.</summary>
    public bool SecondStageAccessedDirty => Bit(45);

    /// <summary>SSTS (SLTS), bit 46: second-stage translation.</summary>
    public bool SecondStageTranslation => Bit(46);

    /// <summary>FSTS (FLTS), bit 47: first-stage translation.</summary>
    public bool FirstStageTranslation => Bit(47);

    /// <summary>Linux's <c>nested_supported</c>: scalable mode and nested translation (NEST implies both stages).</summary>
    public bool SupportsNesting => ScalableModeTranslation && Nested;

    /// <summary>Linux's <c>ssads_supported</c>: scalable mode with second-stage dirty bits (iommufd's dirty tracking).</summary>
    public bool SupportsDirtyTracking => ScalableModeTranslation && SecondStageAccessedDirty;

    /// <summary>The raw value in hex.</summary>
    public override string ToString() => $"0x{Value:x}";
}
