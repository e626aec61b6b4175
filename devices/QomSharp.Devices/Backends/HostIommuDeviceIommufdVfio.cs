using System;

namespace QomSharp.Devices.Backends;

/// <summary>
/// QEMU's <c>host-iommu-device-iommufd-vfio</c> (hw/vfio/iommufd.c): realize asks the backend
/// IOMMU_GET_HW_INFO for the bound device and keeps its type, hardware capabilities and (as QEMU
/// 10.1's <c>vendor_caps</c>) the VT-d CAP/ECAP; attach_hwpt and detach_hwpt are the VFIO device's
/// VFIO_DEVICE_ATTACH_IOMMUFD_PT and VFIO_DEVICE_DETACH_IOMMUFD_PT (QEMU 10.1).
/// </summary>
[QomType("host-iommu-device-iommufd-vfio")]
public sealed partial class HostIommuDeviceIommufdVfio : HostIommuDeviceIommufd
{

    /// <inheritdoc/>
    /// <remarks>QEMU 10.0: the container's IOVA ranges.</remarks>
    public override bool HasGetIovaRanges => true;

    /// <inheritdoc/>
    /// <remarks>QEMU 10.0: the container's page sizes.</remarks>
    public override bool HasGetPageSizeMask => true;

    /// <inheritdoc/>
    public override void Realize(IHostIommuDeviceAgent agent) => RealizeBound(agent);

    /// <inheritdoc/>
    /// <remarks>QEMU's text: <c>[iommufd=FD] error attach NAME (DEVFD) to id=ID: </c> and the strerror.</remarks>
    public override void AttachHwpt(uint hwptId)
    {
        IommufdBackend backend = BoundBackend();
        try
        {
            backend.AttachDevice(DeviceId, hwptId);
        }
        catch (KernelErrorException error)
        {
            throw new QomException($"[iommufd={backend.Fd}] error attach {Name} ({AgentFd}) to id={hwptId}: {error.Message}");
        }
    }

    /// <inheritdoc/>
    /// <remarks>QEMU's text: <c>detach NAME failed: </c> and the strerror.</remarks>
    public override void DetachHwpt()
    {
        IommufdBackend backend = BoundBackend();
        if (backend.Fd < 0)
        {
            throw new QomException($"detach {Name} failed: {KernelErrorException.StrError(KernelErrorException.EBADF)}");
        }

        backend.DetachDevice(DeviceId);
    }

    // The VFIO device's own descriptor, which the ioctls go through.
    private int AgentFd => (Agent as Vfio.VfioDevice)?.Fd ?? -1;

    private IommufdBackend BoundBackend() =>
        Iommufd ?? throw new InvalidOperationException($"{TypeName} is not attached to an iommufd backend");
}
