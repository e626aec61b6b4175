namespace QomSharp.Devices.Backends;

/// <summary>Linux's <c>enum iommu_hw_info_type</c> (IOMMU_GET_HW_INFO <c>out_data_type</c>).</summary>
public enum IommuHwInfoType : uint
{
    None = 0,
    IntelVtd = 1,
    ArmSmmuV3 = 2,
    Tegra241Cmdqv = 3,
}
