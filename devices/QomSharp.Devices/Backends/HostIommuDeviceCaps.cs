namespace QomSharp.Devices.Backends;

/// <summary>
/// QEMU's <c>HostIOMMUDeviceCaps</c> as M-9.1 has it: the hardware type and iommufd's
/// <c>out_capabilities</c>. M-9.1 dropped M-v7's stored <c>aw_bits</c>: the width is computed at
/// get_cap time from the agent's IOVA ranges, because realize now runs before the container exists.
/// </summary>
/// <param name="Type">IOMMU_GET_HW_INFO <c>out_data_type</c>; <see cref="IommuHwInfoType.None"/> for legacy VFIO.</param>
/// <param name="HwCaps">IOMMU_GET_HW_INFO <c>out_capabilities</c> (bit 0: <see cref="DirtyTracking"/>).</param>
public readonly record struct HostIommuDeviceCaps(IommuHwInfoType Type, ulong HwCaps)
{
    /// <summary><c>IOMMU_HW_CAP_DIRTY_TRACKING</c>.</summary>
    public const ulong DirtyTracking = 1UL << 0;
}
