namespace QomSharp.Devices.Backends;

/// <summary>
/// Linux's <c>struct iommu_hwpt_vtd_s1</c> (24 bytes): the guest's first-stage page table a nested
/// VT-d HWPT walks before the nesting parent's second stage.
/// </summary>
/// <param name="Flags">A combination of <see cref="SupervisorRequests"/>, <see cref="ExtendedAccessedFlag"/>, <see cref="WriteProtect"/>.</param>
/// <param name="PageTableAddress"><c>pgtbl_addr</c>: the guest physical address of the first-stage table.</param>
/// <param name="AddressWidth"><c>addr_width</c>: 48 (4-level) or 57 (5-level).</param>
public readonly record struct IommuHwptVtdS1(ulong Flags, ulong PageTableAddress, uint AddressWidth)
{
    /// <summary>The structure's size, the <c>data_len</c> QEMU passes.</summary>
    public const uint Size = 24;

    /// <summary><c>IOMMU_VTD_S1_SRE</c>: supervisor requests.</summary>
    public const ulong SupervisorRequests = 1UL << 0;

    /// <summary><c>IOMMU_VTD_S1_EAFE</c>: extended accessed flag.</summary>
    public const ulong ExtendedAccessedFlag = 1UL << 1;

    /// <summary><c>IOMMU_VTD_S1_WPE</c>: write protect.</summary>
    public const ulong WriteProtect = 1UL << 2;
}
