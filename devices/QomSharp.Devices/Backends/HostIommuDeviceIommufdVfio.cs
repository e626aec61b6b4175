using System;

namespace QomSharp.Devices.Backends;

/// <summary>
/// QEMU's <c>host-iommu-device-iommufd-vfio</c> (hw/vfio/iommufd.c): realize asks the backend
/// IOMMU_GET_HW_INFO for the bound device and keeps its type and hardware capabilities (M-9.1).
/// </summary>
[QomType("host-iommu-device-iommufd-vfio")]
public sealed partial class HostIommuDeviceIommufdVfio : HostIommuDeviceIommufd
{
    /// <summary>The VT-d CAP/ECAP the kernel returned (M-9.1 requests but does not keep them; kept for diagnostics).</summary>
    public IommufdDeviceInfo? HardwareInfo { get; private set; }

    /// <inheritdoc/>
    /// <remarks>QEMU 10.0: the container's IOVA ranges.</remarks>
    public override bool HasGetIovaRanges => true;

    /// <inheritdoc/>
    /// <remarks>QEMU 10.0: the container's page sizes.</remarks>
    public override bool HasGetPageSizeMask => true;

    /// <inheritdoc/>
    public override void Realize(IHostIommuDeviceAgent agent)
    {
        if (agent is not IIommufdDeviceAgent { Backend: { } backend } bound)
        {
            throw new ArgumentException($"{TypeName} needs an agent bound to an iommufd backend", nameof(agent));
        }

        // QEMU's order: agent first, then the query (whose failure leaves name unset), then name and caps.
        Agent = agent;
        IommufdDeviceInfo info = backend.GetDeviceInfo(bound.DeviceId);
        HardwareInfo = info;
        Name = agent.Name;
        Caps = new HostIommuDeviceCaps(info.Type, info.HwCaps);
    }
}
