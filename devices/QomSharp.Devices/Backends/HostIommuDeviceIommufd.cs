namespace QomSharp.Devices.Backends;

/// <summary>
/// QEMU's <c>host-iommu-device-iommufd</c> (backends/iommufd.c): abstract; its get_cap, inherited by
/// the VFIO flavour, answers IOMMU_TYPE from <c>caps.type</c> and AW_BITS from the IOVA ranges.
/// </summary>
[QomType("host-iommu-device-iommufd", Abstract = true)]
public abstract partial class HostIommuDeviceIommufd : HostIommuDevice
{
    /// <inheritdoc/>
    public override bool HasGetCap => true;

    /// <inheritdoc/>
    public override int GetCap(int capabilityId) => capabilityId switch
    {
        HostIommuDeviceCap.IommuType => (int)Caps.Type,
        HostIommuDeviceCap.AwBits => AgentAwBits(),
        _ => throw UnsupportedCapability(capabilityId),
    };
}
