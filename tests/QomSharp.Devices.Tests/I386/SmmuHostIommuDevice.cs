using QomSharp.Devices.Backends;

namespace QomSharp.Devices.Tests.I386;

/// <summary>An iommufd host IOMMU device whose host IOMMU is an Arm SMMUv3 (no such host is modelled), for the type check.</summary>
[QomType("test-host-iommu-device-iommufd-smmuv3")]
public sealed partial class SmmuHostIommuDevice : HostIommuDeviceIommufd
{
    /// <inheritdoc/>
    public override void Realize(IHostIommuDeviceAgent agent)
    {
        Agent = agent;
        Name = agent.Name;
        Caps = new HostIommuDeviceCaps(IommuHwInfoType.ArmSmmuV3, 0);
    }
}
