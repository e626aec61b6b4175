using System;

namespace QomSharp.Devices.Host;

/// <summary>
/// A vDPA device of the host (<c>/sys/bus/vdpa/devices/vdpaN</c>): a virtio data path offloaded to a
/// PCI function, its <em>parent</em>, whose IOMMU group and remapping unit it shares. Bound to
/// vhost_vdpa it has a character device (<c>vhost-vdpa-N</c>, opened as <c>/dev/vhost-vdpa-N</c>);
/// bound to virtio_vdpa it has none. The other values are what the vhost-vdpa ioctls answer.
/// </summary>
/// <param name="Name">The vDPA device name, e.g. <c>vdpa0</c>.</param>
/// <param name="Parent">The parent PCI function (the management device).</param>
/// <param name="VhostDevice">The vhost-vdpa character device name (<c>vhost-vdpa-0</c>), or null when not bound to vhost_vdpa.</param>
/// <param name="VirtioDeviceId">VHOST_VDPA_GET_DEVICE_ID: the virtio device type (1 network, 2 block).</param>
/// <param name="QueueCount">VHOST_VDPA_GET_VQS_COUNT: the number of virtqueues.</param>
/// <param name="MaxQueueSize">VHOST_VDPA_GET_VRING_NUM: the largest virtqueue size.</param>
/// <param name="IovaRange">
/// VHOST_VDPA_GET_IOVA_RANGE (<c>first</c>, <c>last</c>); null until the host model resolves the
/// default (see <see cref="DefaultIovaRange"/>).
/// </param>
/// <param name="Description">Free text, optional.</param>
public sealed record HostVdpaDevice(
    string Name,
    PciHostAddress Parent,
    string? VhostDevice,
    uint VirtioDeviceId = HostVdpaDevice.VirtioNet,
    uint QueueCount = HostVdpaDevice.DefaultQueueCount,
    ushort MaxQueueSize = HostVdpaDevice.DefaultMaxQueueSize,
    IovaRange? IovaRange = null,
    string? Description = null)
{
    /// <summary>VIRTIO_ID_NET.</summary>
    public const uint VirtioNet = 1;

    /// <summary>The queue count assumed when a description gives none: a receive, a transmit and a control queue.</summary>
    public const uint DefaultQueueCount = 3;

    /// <summary>The virtqueue size assumed when a description gives none.</summary>
    public const ushort DefaultMaxQueueSize = 256;

    /// <summary>Where a vhost-vdpa character device is opened: <c>/dev/</c> and its name.</summary>
    public string? VhostPath => VhostDevice is null ? null : "/dev/" + VhostDevice;

    /// <summary>
    /// The IOVA range vhost-vdpa reports when the description gives none: a parent that DMAs through
    /// the platform IOMMU gets its unit's domain aperture (Linux's <c>vhost_vdpa_set_iova_range</c>
    /// with a forced aperture); a parent behind no IOMMU, the whole 64-bit space.
    /// </summary>
    public static IovaRange DefaultIovaRange(IHost host, PciHostAddress parent)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.FindDevice(parent) is { IommuUnit: { } unitName } && host.FindIommuUnit(unitName) is { } unit
            ? SimulatedKernelIovaRanges.DomainAperture(unit.Capability)
            : new IovaRange(0, ulong.MaxValue);
    }
}
