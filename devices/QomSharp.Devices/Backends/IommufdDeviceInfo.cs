namespace QomSharp.Devices.Backends;

/// <summary>IOMMU_GET_HW_INFO's answer: type, the VT-d vendor data (<c>iommu_hw_info_vtd</c>) and <c>out_capabilities</c>.</summary>
public sealed record IommufdDeviceInfo(IommuHwInfoType Type, ulong VtdCapReg, ulong VtdEcapReg, ulong HwCaps);
