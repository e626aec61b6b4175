using System;
using System.Collections.Generic;
using System.IO;
using QomSharp.Devices.Backends;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Vdpa;

/// <summary>
/// An opened vhost-vdpa character device (QEMU's <c>struct vhost_vdpa</c> with its shared descriptor
/// and IOVA range): what the ioctls answer, from the host model. It is the agent of the device's host
/// IOMMU device, the way a VFIODevice is for vfio-pci: its name is the vDPA device's (<c>vdpa0</c>),
/// its IOVA ranges the one range VHOST_VDPA_GET_IOVA_RANGE reports.
/// </summary>
public sealed class VhostVdpa : IIommufdDeviceAgent
{
    /// <summary>VHOST_VDPA_GET_DEVICE_ID: <c>_IOR(VHOST_VIRTIO, 0x70, __u32)</c>.</summary>
    public const uint GetDeviceIdCommand = 0x8004af70;

    // Linux's vhost-vdpa lets one descriptor have a device at a time (EBUSY for a second open).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<QomContext, HashSet<string>> s_opened = new();

    private readonly QomContext context;

    private VhostVdpa(QomContext context, IHost host, HostVdpaDevice device, int fd)
    {
        this.context = context;
        Host = host;
        Device = device;
        Fd = fd;
        IovaRange = device.IovaRange ?? HostVdpaDevice.DefaultIovaRange(host, device.Parent);
        PageSizeMask = host.FindDevice(device.Parent) is { IommuUnit: { } unitName } && host.FindIommuUnit(unitName) is { } unit
            ? SimulatedKernelIovaRanges.Type1PageSizes(unit.Capability)
            : PageSize;
    }

    // The CPU page size: the mapping granule of a parent that translates DMA itself.
    private const ulong PageSize = 0x1000;

    /// <summary>The host the device was found on.</summary>
    public IHost Host { get; }

    /// <summary>The vDPA device behind the character device.</summary>
    public HostVdpaDevice Device { get; }

    /// <summary>The descriptor (QEMU's <c>vhostfd</c>); -1 once closed.</summary>
    public int Fd { get; private set; }

    /// <summary>VHOST_VDPA_GET_IOVA_RANGE: the inclusive range the device can map.</summary>
    public IovaRange IovaRange { get; }

    /// <inheritdoc/>
    public string Name => Device.Name;

    /// <inheritdoc/>
    public IReadOnlyList<IovaRange> IovaRanges => [IovaRange];

    /// <inheritdoc/>
    /// <remarks>
    /// vhost-vdpa reports no page sizes: a parent behind a VT-d unit maps with the unit's page sizes
    /// (as type1 reports them), one that translates DMA itself with 4 KiB pages.
    /// </remarks>
    public ulong PageSizeMask { get; }

    /// <summary>The <c>iommufd</c> object the device is bound to; null without one.</summary>
    public IommufdBackend? Backend { get; private set; }

    /// <inheritdoc/>
    public uint DeviceId { get; private set; }

    /// <summary>
    /// QEMU's <c>qemu_open(vhostdev, O_RDWR)</c> followed by VHOST_VDPA_GET_DEVICE_ID. The host
    /// model's <c>/dev/vhost-vdpa-N</c> are its vDPA devices (any other such name does not exist);
    /// another path is looked up on this machine: missing or a directory fails the open, anything
    /// else opens and is not a vhost-vdpa device, so the first ioctl fails. A vDPA device already open
    /// is busy, as Linux's vhost-vdpa answers a second open.
    /// </summary>
    /// <exception cref="QomException">QEMU's texts: <c>Could not open '%s': %s</c>, <c>vhost-vdpa-device: cmd 0x%lx failed: %s</c>.</exception>
    public static VhostVdpa Open(QomContext context, IHost host, string path)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(path);
        if (host.FindVdpaDeviceByVhostPath(path) is { } device)
        {
            if (!s_opened.GetValue(context, static _ => new HashSet<string>(StringComparer.Ordinal)).Add(device.Name))
            {
                throw new QomException($"Could not open '{path}': Device or resource busy");
            }

            return new VhostVdpa(context, host, device, SimulatedFileDescriptors.Open(context));
        }

        const int EISDIR = 21;
        int errno = path.StartsWith("/dev/vhost-vdpa-", StringComparison.Ordinal) || path.Length == 0 || !Path.Exists(path)
            ? KernelErrorException.ENOENT
            : Directory.Exists(path) ? EISDIR : 0;
        if (errno != 0)
        {
            string text = errno == EISDIR ? "Is a directory" : KernelErrorException.StrError(errno);
            throw new QomException($"Could not open '{path}': {text}");
        }

        throw new QomException($"vhost-vdpa-device: cmd 0x{GetDeviceIdCommand:x} failed: {KernelErrorException.StrError(KernelErrorException.ENOTTY)}");
    }

    /// <summary>
    /// Binds the device to <paramref name="backend"/> through its parent function, the way a VFIO
    /// cdev binds (our design: Linux has no vhost-vdpa iommufd binding yet). A parent behind no
    /// IOMMU cannot be bound.
    /// </summary>
    /// <exception cref="QomException"><c>vhost-vdpa-device: error bind device fd=N to iommufd=M: strerror</c>.</exception>
    public void Bind(IommufdBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        backend.Connect();
        try
        {
            DeviceId = backend.BindDeviceOwnedByItsDriver(Device.Parent);
        }
        catch (KernelErrorException error)
        {
            // The message names the descriptor the bind used, before the last user closes it.
            var failure = new QomException($"vhost-vdpa-device: error bind device fd={Fd} to iommufd={backend.Fd}: {error.Message}");
            backend.Disconnect();
            throw failure;
        }

        Backend = backend;
    }

    /// <summary>Closes the descriptor, unbinding from the backend first.</summary>
    public void Close()
    {
        if (Backend is { } backend)
        {
            backend.UnbindDevice(DeviceId);
            backend.Disconnect();
            Backend = null;
        }

        if (Fd >= 0)
        {
            SimulatedFileDescriptors.Close(context, Fd);
            Fd = -1;
            if (s_opened.TryGetValue(context, out HashSet<string>? opened))
            {
                opened.Remove(Device.Name);
            }
        }
    }
}
