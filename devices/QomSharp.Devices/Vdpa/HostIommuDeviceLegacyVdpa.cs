using QomSharp.Devices.Backends;

namespace QomSharp.Devices.Vdpa;

/// <summary>
/// <c>host-iommu-device-legacy-vdpa</c>, the seed's future <c>HostIOMMUDeviceLegacyVDPA</c> (QEMU 10.0
/// has no such type): a vhost-vdpa device used through its own descriptor. It mirrors
/// <c>host-iommu-device-legacy-vfio</c>: realize keeps the agent, get_cap answers only AW_BITS, from
/// the agent's IOVA range (VHOST_VDPA_GET_IOVA_RANGE), the way QEMU computes it for VFIO.
/// </summary>
[QomType("host-iommu-device-legacy-vdpa")]
public sealed partial class HostIommuDeviceLegacyVdpa : HostIommuDevice
{
    /// <inheritdoc/>
    public override void Realize(IHostIommuDeviceAgent agent)
    {
        System.ArgumentNullException.ThrowIfNull(agent);
        Name = agent.Name;
        Agent = agent;
    }

    /// <inheritdoc/>
    public override bool HasGetCap => true;

    /// <inheritdoc/>
    public override int GetCap(int capabilityId) => capabilityId switch
    {
        HostIommuDeviceCap.AwBits => AgentAwBits(),
        _ => throw UnsupportedCapability(capabilityId),
    };
}
