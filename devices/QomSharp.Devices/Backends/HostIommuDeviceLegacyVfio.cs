namespace QomSharp.Devices.Backends;

/// <summary>
/// QEMU's <c>host-iommu-device-legacy-vfio</c> (hw/vfio/container.c): a type1 container device.
/// Realize never fails; get_cap answers only AW_BITS (IOMMU_TYPE is an error, not 0: legacy VFIO
/// cannot ask the hardware type).
/// </summary>
[QomType("host-iommu-device-legacy-vfio")]
public sealed partial class HostIommuDeviceLegacyVfio : HostIommuDevice
{
    /// <inheritdoc/>
    public override void Realize(IHostIommuDeviceAgent agent)
    {
        // M-9.1: caps stay zero; AW_BITS comes from the container's ranges at get_cap time.
        Name = agent.Name;
        Agent = agent;
    }

    /// <inheritdoc/>
    /// <remarks>QEMU 10.0: the container's IOVA ranges.</remarks>
    public override bool HasGetIovaRanges => true;

    /// <inheritdoc/>
    /// <remarks>QEMU 10.0: the container's page sizes.</remarks>
    public override bool HasGetPageSizeMask => true;

    /// <inheritdoc/>
    public override bool HasGetCap => true;

    /// <inheritdoc/>
    public override int GetCap(int capabilityId) => capabilityId switch
    {
        HostIommuDeviceCap.AwBits => AgentAwBits(),
        _ => throw UnsupportedCapability(capabilityId),
    };
}
