using System;

namespace QomSharp.Devices.Backends;

/// <summary>
/// QEMU's <c>host-iommu-device-iommufd</c> (backends/iommufd.c): abstract; its get_cap, inherited by
/// the VFIO flavour, answers IOMMU_TYPE from <c>caps.type</c> and AW_BITS from the IOVA ranges.
/// QEMU 10.1 added the members a vIOMMU needs to nest on the device's page table: the backend, the
/// devid and the default HWPT (<see cref="HwptId"/>), with <see cref="AttachHwpt"/> and
/// <see cref="DetachHwpt"/>; <see cref="IoasId"/> is the IOAS of the device's container, the member
/// the original series planned in place of <c>hwpt_id</c>.
/// </summary>
[QomType("host-iommu-device-iommufd", Abstract = true)]
public abstract partial class HostIommuDeviceIommufd : HostIommuDevice
{
    /// <summary>QEMU's <c>iommufd</c>: the backend the device is bound to; null until attached.</summary>
    public IommufdBackend? Iommufd { get; private set; }

    /// <summary>QEMU's <c>devid</c>: the device's id in <see cref="Iommufd"/>.</summary>
    public uint DeviceId { get; private set; }

    /// <summary>The IOAS of the container the device joined (the seed's <c>ioas_id</c>).</summary>
    public uint IoasId { get; private set; }

    /// <summary>QEMU's <c>hwpt_id</c>: the HWPT VFIO attached the device to, to which a vIOMMU returns it.</summary>
    public uint HwptId { get; private set; }

    /// <summary>What IOMMU_GET_HW_INFO returned at realize, with the VT-d CAP/ECAP (QEMU 10.1's <c>caps.vendor_caps.vtd</c>).</summary>
    public IommufdDeviceInfo? HardwareInfo { get; protected set; }

    /// <inheritdoc/>
    public override bool HasGetCap => true;

    /// <inheritdoc/>
    public override int GetCap(int capabilityId) => capabilityId switch
    {
        HostIommuDeviceCap.IommuType => (int)Caps.Type,
        HostIommuDeviceCap.AwBits => AgentAwBits(),
        _ => throw UnsupportedCapability(capabilityId),
    };

    /// <summary>
    /// QEMU's <c>host_iommu_device_iommufd_attach_hwpt</c>: attaches the device to HWPT
    /// <paramref name="hwptId"/>, replacing its current attachment. A mandatory class callback in
    /// QEMU (asserted); each concrete class implements it.
    /// </summary>
    /// <exception cref="QomException">The backend refused, in the concrete class's words.</exception>
    public virtual void AttachHwpt(uint hwptId) =>
        throw new InvalidOperationException($"{TypeName} implements no attach_hwpt");

    /// <summary>QEMU's <c>host_iommu_device_iommufd_detach_hwpt</c>: the device leaves its HWPT and is blocked.</summary>
    /// <exception cref="QomException">The backend refused, in the concrete class's words.</exception>
    public virtual void DetachHwpt() =>
        throw new InvalidOperationException($"{TypeName} implements no detach_hwpt");

    /// <summary>Records the backend members once the device is attached (QEMU 10.1 sets them in realize, after attach).</summary>
    internal void SetBackendIds(IommufdBackend iommufd, uint deviceId, uint ioasId, uint hwptId)
    {
        Iommufd = iommufd;
        DeviceId = deviceId;
        IoasId = ioasId;
        HwptId = hwptId;
    }

    /// <summary>
    /// The realize of a device bound to an iommufd backend, in QEMU's order: the agent first, then
    /// IOMMU_GET_HW_INFO (whose failure leaves the name unset), then name and caps.
    /// </summary>
    /// <exception cref="ArgumentException">The agent is not bound to an iommufd backend.</exception>
    protected void RealizeBound(IHostIommuDeviceAgent agent)
    {
        if (agent is not IIommufdDeviceAgent { Backend: { } backend } bound)
        {
            throw new ArgumentException($"{TypeName} needs an agent bound to an iommufd backend", nameof(agent));
        }

        Agent = agent;
        IommufdDeviceInfo info = backend.GetDeviceInfo(bound.DeviceId);
        HardwareInfo = info;
        Name = agent.Name;
        Caps = new HostIommuDeviceCaps(info.Type, info.HwCaps);
    }
}
