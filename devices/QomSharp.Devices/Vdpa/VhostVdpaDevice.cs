using QomSharp.Devices.Backends;
using QomSharp.Devices.Host;
using QomSharp.Devices.Pci;
using QomSharp.Devices.Virtio;
using QomSharp.Qdev;

namespace QomSharp.Devices.Vdpa;

/// <summary>
/// QEMU's <c>vhost-vdpa-device</c> (hw/virtio/vdpa-dev.c): a generic virtio device whose data path is
/// a host vDPA device opened through <c>vhostdev</c>. Realize follows QEMU 10.0's order and texts
/// (open, device id, queue size, queue count, IOVA range); then, where QEMU calls the transport's
/// post-init, QomSharp creates the device's host IOMMU device and hands it to the vIOMMU through the
/// proxy's <see cref="PciDevice.SetIommuDevice"/>, as vfio-pci does. With the <c>iommufd</c> link (a
/// QomSharp addition) the device is bound to that backend and gets
/// <c>host-iommu-device-iommufd-vdpa</c>, else <c>host-iommu-device-legacy-vdpa</c>.
/// </summary>
[QomType("vhost-vdpa-device")]
public sealed partial class VhostVdpaDevice : VirtioDevice
{
    /// <summary>QEMU's VIRTIO_QUEUE_MAX.</summary>
    public const uint MaxQueues = 1024;

    /// <summary>The vhost-vdpa character device to open, e.g. <c>/dev/vhost-vdpa-0</c>.</summary>
    [QomProperty("vhostdev")]
    public partial string? VhostDev { get; set; }

    /// <summary>The virtqueue size; 0 takes the device's maximum.</summary>
    [QomProperty("queue-size", Default = 0)]
    public partial ushort QueueSize { get; set; }

    /// <summary>QomSharp's <c>iommufd</c> link: the backend to bind the device to; absent uses the vhost-vdpa descriptor alone.</summary>
    [QomLink("iommufd", Description = "Set host IOMMUFD backend device")]
    public partial IommufdBackend? Iommufd { get; set; }

    /// <summary>QEMU's <c>bootindex</c> (an instance property): the boot order, -1 for none.</summary>
    public int BootIndex { get; set; } = -1;

    /// <summary>The opened character device, from open until unrealize.</summary>
    public VhostVdpa? Vdpa { get; private set; }

    /// <summary>The host IOMMU device this device owns a reference to while realized.</summary>
    public HostIommuDevice? HostIommuDevice { get; private set; }

    /// <summary>The number of virtqueues (VHOST_VDPA_GET_VQS_COUNT).</summary>
    public uint QueueCount { get; private set; }

    // Set when the vIOMMU took the host IOMMU device, so unrealize hands it back.
    private PciDevice? iommuSetOn;

    [QomClassInit]
    private static void InitVhostVdpaDeviceClass(DeviceClass klass)
    {
        klass.Description = "VDPA-based generic device assignment";
        klass.Categories = DeviceCategories.Misc;
        klass.SetPropertyIterationOrder("queue-size", "vhostdev");
    }

    [QomInstanceInit]
    private void AddBootIndexProperty() =>
        AddProperty(new QomIntegerProperty<int>("bootindex", static o => ((VhostVdpaDevice)o).BootIndex, static (o, v) => ((VhostVdpaDevice)o).BootIndex = v));

    /// <inheritdoc/>
    protected override void Realize()
    {
        if (VhostDev is null)
        {
            throw new QomException("vhost-vdpa-device: vhostdev are missing");
        }

        VhostVdpa vdpa = VhostVdpa.Open(Context, HostSelection.Get(Context), VhostDev);
        try
        {
            HostVdpaDevice device = vdpa.Device;
            if (QueueSize > device.MaxQueueSize)
            {
                throw new QomException($"vhost-vdpa-device: invalid queue_size: {QueueSize} (max:{device.MaxQueueSize})");
            }

            if (QueueSize == 0)
            {
                QueueSize = device.MaxQueueSize;
            }

            if (device.QueueCount == 0 || device.QueueCount > MaxQueues)
            {
                throw new QomException($"invalid number of virtqueues: {device.QueueCount} (max:{MaxQueues})");
            }

            QueueCount = device.QueueCount;
            SetIommuDevice(vdpa);
        }
        catch
        {
            vdpa.Close();
            throw;
        }

        Vdpa = vdpa;
    }

    /// <inheritdoc/>
    protected override void Unrealize()
    {
        UnsetIommuDevice();
        Vdpa?.Close();
        Vdpa = null;
    }

    // QomSharp's post-init step: bind (iommufd), create and realize the host IOMMU device, hand it to
    // the vIOMMU through the PCI proxy with the code vfio-pci uses; any failure leaves nothing behind.
    private void SetIommuDevice(VhostVdpa vdpa)
    {
        if (Iommufd is { } backend)
        {
            vdpa.Bind(backend);
        }

        string typeName = Iommufd is null ? HostIommuDeviceLegacyVdpa.QomTypeName : HostIommuDeviceIommufdVdpa.QomTypeName;
        var hiod = (HostIommuDevice)Context.New(typeName);
        try
        {
            hiod.Realize(vdpa);
            if (ParentBus?.ParentDevice is PciDevice proxy)
            {
                if (!proxy.SetIommuDevice(hiod, out string? refusal))
                {
                    throw new QomException("vhost-vdpa-device: Failed to set vIOMMU: " + refusal);
                }

                iommuSetOn = proxy;
            }
        }
        catch
        {
            hiod.Unref();
            throw;
        }

        HostIommuDevice = hiod;
    }

    private void UnsetIommuDevice()
    {
        iommuSetOn?.UnsetIommuDevice();
        iommuSetOn = null;
        HostIommuDevice?.Unref();
        HostIommuDevice = null;
    }
}
