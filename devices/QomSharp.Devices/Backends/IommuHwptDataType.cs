namespace QomSharp.Devices.Backends;

/// <summary>Linux's <c>enum iommu_hwpt_data_type</c>: the driver data IOMMU_HWPT_ALLOC carries.</summary>
public enum IommuHwptDataType : uint
{
    /// <summary><c>IOMMU_HWPT_DATA_NONE</c>: no data (a paging HWPT).</summary>
    None = 0,
    /// <summary><c>IOMMU_HWPT_DATA_VTD_S1</c>: <see cref="IommuHwptVtdS1"/>, a VT-d stage-1 page table.</summary>
    VtdS1 = 1,
    /// <summary><c>IOMMU_HWPT_DATA_ARM_SMMUV3</c>: an SMMUv3 stream table entry.</summary>
    ArmSmmuV3 = 2,
}
