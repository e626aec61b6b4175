namespace QomSharp.Devices.Backends;

/// <summary>QEMU's <c>HOST_IOMMU_DEVICE_CAP_*</c> ids at baseline M (v4 renumbered them: V3 had TYPE=1, AW_BITS=2).</summary>
public static class HostIommuDeviceCap
{
    /// <summary><c>HOST_IOMMU_DEVICE_CAP_IOMMU_TYPE</c>: the host IOMMU's <see cref="IommuHwInfoType"/>.</summary>
    public const int IommuType = 0;

    /// <summary><c>HOST_IOMMU_DEVICE_CAP_AW_BITS</c>: the usable address width.</summary>
    public const int AwBits = 1;

    /// <summary><c>HOST_IOMMU_DEVICE_CAP_AW_BITS_MAX</c> (a value, not an id): the width when no ranges are known.</summary>
    public const int AwBitsMax = 64;
}
