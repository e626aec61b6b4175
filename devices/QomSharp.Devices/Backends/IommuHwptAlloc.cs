namespace QomSharp.Devices.Backends;

/// <summary>
/// Linux's <c>enum iommufd_hwpt_alloc_flags</c> (include/uapi/linux/iommufd.h): the <c>flags</c> of
/// IOMMU_HWPT_ALLOC.
/// </summary>
public static class IommuHwptAlloc
{
    /// <summary><c>IOMMU_HWPT_ALLOC_NEST_PARENT</c>: a paging HWPT that nested HWPTs can be allocated on.</summary>
    public const uint NestParent = 1U << 0;

    /// <summary><c>IOMMU_HWPT_ALLOC_DIRTY_TRACKING</c>: a paging HWPT that tracks dirty pages.</summary>
    public const uint DirtyTracking = 1U << 1;

    /// <summary><c>IOMMU_HWPT_FAULT_ID_VALID</c>: <c>fault_id</c> names a fault queue object.</summary>
    public const uint FaultIdValid = 1U << 2;

    /// <summary><c>IOMMU_HWPT_ALLOC_PASID</c>: the HWPT may be attached to PASIDs too.</summary>
    public const uint Pasid = 1U << 3;
}
