using System;
using QomSharp.Devices.Backends;

namespace QomSharp.Devices.Vdpa;

/// <summary>
/// <c>host-iommu-device-iommufd-vdpa</c>, the seed's future <c>HostIOMMUDeviceIOMMUFDVDPA</c> (QEMU
/// 10.0 has no such type): a vhost-vdpa device bound to an <c>iommufd</c> backend. Like
/// <c>host-iommu-device-iommufd-vfio</c>, realize asks the backend IOMMU_GET_HW_INFO for the bound
/// device (the vDPA parent's remapping unit) and keeps its type and hardware capabilities; get_cap is
/// <c>host-iommu-device-iommufd</c>'s (IOMMU_TYPE, and AW_BITS from the agent's IOVA range). The
/// device is bound but attached to no IOAS or HWPT (DMA mapping is not modelled), so its backend
/// members stay unset and a vIOMMU has no HWPT to nest on (attach_hwpt/detach_hwpt are not offered).
/// </summary>
[QomType("host-iommu-device-iommufd-vdpa")]
public sealed partial class HostIommuDeviceIommufdVdpa : HostIommuDeviceIommufd
{
    /// <inheritdoc/>
    public override void Realize(IHostIommuDeviceAgent agent) => RealizeBound(agent);
}
