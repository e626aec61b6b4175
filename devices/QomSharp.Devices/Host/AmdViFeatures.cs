namespace QomSharp.Devices.Host;

/// <summary>
/// An AMD-Vi unit's registers as Linux shows them under <c>/sys/class/iommu/ivhdN/amd-iommu/</c>:
/// <c>cap</c> (the PCI capability header, 32 bits) and <c>features</c> (the Extended Feature
/// Registers EFR and EFR2). Linux derives the host page-table depth from EFR's HATS field.
/// </summary>
/// <param name="CapabilityHeader">The IOMMU capability header (sysfs <c>cap</c>).</param>
/// <param name="Efr">The Extended Feature Register.</param>
/// <param name="Efr2">The Extended Feature Register 2 (0 on parts without one).</param>
public readonly record struct AmdViFeatures(uint CapabilityHeader, ulong Efr, ulong Efr2)
{
    /// <summary>EFR HATS (bits 11:10): host address translation size, levels above 4; 3 means none.</summary>
    public int HostAddressTranslationSize => (int)((Efr >> 10) & 3);

    /// <summary>EFR HDSup (bit 52): hardware dirty-bit tracking in the host page table.</summary>
    public bool SupportsHardwareDirtyTracking => ((Efr >> 52) & 1) != 0;

    /// <summary>Whether Linux can translate through this unit: HATS 3 makes it disable host translation.</summary>
    public bool HostTranslationDisabled => HostAddressTranslationSize == 3;

    /// <summary>Linux's <c>amd_iommu_hpt_level</c>: 4 + HATS page-table levels.</summary>
    public int HostPageTableLevels => 4 + HostAddressTranslationSize;

    /// <summary>
    /// The width of a v1 (host) page-table domain's aperture, Linux's <c>PM_LEVEL_SIZE(hpt_level)</c>:
    /// 12 + 9 bits per level, the whole 64-bit space from 6 levels on.
    /// </summary>
    public int DomainAddressWidth => HostPageTableLevels >= 6 ? 64 : 12 + 9 * HostPageTableLevels;

    /// <summary>Linux's <c>AMD_IOMMU_PGSIZES</c>: every power of two from 4 KiB except 512 GiB.</summary>
    public const ulong PageSizes = ~0xfffUL & ~(2UL << 38);
}
