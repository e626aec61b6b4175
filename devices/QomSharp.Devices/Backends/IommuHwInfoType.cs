namespace QomSharp.Devices.Backends;

/// <summary>Linux's <c>enum iommu_hw_info_type</c> (IOMMU_GET_HW_INFO <c>out_data_type</c>).</summary>
public enum IommuHwInfoType : uint
{
    /// <summary>No hardware information (<c>IOMMU_HW_INFO_TYPE_NONE</c>).</summary>
    None = 0,
    /// <summary>Intel VT-d (<c>IOMMU_HW_INFO_TYPE_INTEL_VTD</c>).</summary>
    IntelVtd = 1,
    /// <summary>Arm SMMUv3 (<c>IOMMU_HW_INFO_TYPE_ARM_SMMUV3</c>).</summary>
    ArmSmmuV3 = 2,
    /// <summary>NVIDIA Tegra241 CMDQV (<c>IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV</c>).</summary>
    Tegra241Cmdqv = 3,
    /// <summary>AMD-Vi (<c>IOMMU_HW_INFO_TYPE_AMD</c>, Linux 6.18: EFR and EFR2).</summary>
    Amd = 4,
}
