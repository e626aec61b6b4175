using System;
using System.Collections.Generic;
using QomSharp.Devices.Backends;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Vfio;

/// <summary>
/// QEMU's <c>VFIODevice</c> (baseline M-9.1): one host device opened through VFIO, its host IOMMU
/// device (<c>hiod</c>, an owned reference) and the container it joined. It is the <c>agent</c> of its
/// host IOMMU device, which reads the container's IOVA ranges through it.
/// </summary>
public sealed class VfioDevice : IIommufdDeviceAgent
{
    private const string PciDevicesDirectory = "/bus/pci/devices";
    private const string CanonicalDevicesDirectory = "/devices/pci";
    private const string MdevDevicesDirectory = "/bus/mdev/devices";

    private VfioDevice(QomContext context, IHost host, HostPciDevice hostDevice, string sysfsPath, string name, IommufdBackend? iommufd,
        HostMdevDevice? mdev = null)
    {
        Mdev = mdev;
        Context = context;
        Host = host;
        HostDevice = hostDevice;
        SysfsPath = sysfsPath;
        Name = name;
        Backend = iommufd;
    }

    /// <summary>The QOM universe the device was opened in.</summary>
    public QomContext Context { get; }

    /// <summary>The host the device was found on.</summary>
    public IHost Host { get; }

    /// <summary>The host function behind the device; for an mdev, its parent function.</summary>
    public HostPciDevice HostDevice { get; }

    /// <summary>The mediated device opened, when <see cref="SysfsPath"/> is one (QEMU's <c>vbasedev-&gt;mdev</c>).</summary>
    public HostMdevDevice? Mdev { get; }

    /// <summary>QEMU's <c>vfio_device_is_mdev</c>: the device's <c>subsystem</c> is <c>/sys/bus/mdev</c>.</summary>
    public bool IsMdev => Mdev is not null;

    /// <summary>The IOMMU group VFIO opens for the device: the mdev's own, else the function's.</summary>
    public int? IommuGroup => Mdev?.IommuGroup ?? HostDevice.IommuGroup;

    /// <summary>QEMU's <c>sysfsdev</c>: the device's sysfs directory as given or built from <c>host</c>.</summary>
    public string SysfsPath { get; }

    /// <summary>QEMU's <c>name</c>: the basename of <see cref="SysfsPath"/>, e.g. <c>0000:98:00.0</c>.</summary>
    public string Name { get; }

    /// <summary>The <c>iommufd</c> object the device is bound to; null for the legacy backend.</summary>
    public IommufdBackend? Backend { get; }

    /// <summary>The backend that attaches the device: iommufd when linked to one, else legacy.</summary>
    public VfioIommuBackend IommuBackend => Backend is null ? VfioIommuBackend.Legacy : VfioIommuBackend.Iommufd;

    /// <summary>The device's cdev descriptor (iommufd backend), -1 when closed.</summary>
    public int Fd { get; internal set; } = -1;

    /// <summary>VFIO_DEVICE_BIND_IOMMUFD's devid (iommufd backend).</summary>
    public uint DeviceId { get; internal set; }

    /// <summary>The host IOMMU device this device owns a reference to, or null.</summary>
    public HostIommuDevice? HostIommuDevice { get; private set; }

    /// <summary>The HWPT the device is attached through (iommufd backend); null otherwise.</summary>
    public VfioHwpt? Hwpt { get; internal set; }

    /// <summary>
    /// Whether the device's vIOMMU asks for a nesting parent HWPT (QEMU 10.2's
    /// <c>vfio_device_get_viommu_flags_want_nesting</c>); set by vfio-pci before <see cref="Attach"/>.
    /// </summary>
    public bool WantsNestingParent { get; set; }

    /// <summary>The container joined by <see cref="Attach"/>; null before and after.</summary>
    public VfioContainer? Container { get; internal set; }

    /// <inheritdoc/>
    public IReadOnlyList<IovaRange> IovaRanges => Container?.IovaRanges ?? [];

    /// <inheritdoc/>
    public ulong PageSizeMask => Container?.PageSizeMask ?? 0;

    /// <summary>
    /// QEMU's <c>vfio_device_get_name</c>: the host device at <paramref name="sysfsPath"/> (under
    /// <c>/sys</c> or the host's sysfs root), named by the path's last component.
    /// </summary>
    /// <exception cref="QomException"><c>vfio PATH: no such host device: No such file or directory</c>.</exception>
    public static VfioDevice Open(QomContext context, IHost host, string sysfsPath, IommufdBackend? iommufd)
    {
        string trimmed = sysfsPath.TrimEnd('/');
        int slash = trimmed.LastIndexOf('/');
        string name = trimmed[(slash + 1)..];
        string directory = slash < 0 ? string.Empty : trimmed[..slash];
        // QEMU only stat()s the path: the bus/pci/devices link or the canonical devices/pci... directory.
        bool inDevicesDirectory = directory == SysfsHost.DefaultRoot + PciDevicesDirectory
            || directory == host.SysfsRoot + PciDevicesDirectory
            || directory.StartsWith(SysfsHost.DefaultRoot + CanonicalDevicesDirectory, StringComparison.Ordinal)
            || directory.StartsWith(host.SysfsRoot + CanonicalDevicesDirectory, StringComparison.Ordinal);
        if (TryOpenMdev(context, host, sysfsPath, directory, name, iommufd) is { } mdev)
        {
            return mdev;
        }

        if (!inDevicesDirectory || !PciHostAddress.TryParse(name, out PciHostAddress? address)
            || address.Value.ToString() != name || host.FindDevice(address.Value) is not { } hostDevice)
        {
            throw new QomException($"vfio {sysfsPath}: no such host device: {KernelErrorException.StrError(KernelErrorException.ENOENT)}");
        }

        return new VfioDevice(context, host, hostDevice, sysfsPath, name, iommufd);
    }

    // An mdev is found by its UUID under bus/mdev/devices, or under its parent's canonical directory.
    private static VfioDevice? TryOpenMdev(QomContext context, IHost host, string sysfsPath, string directory, string name, IommufdBackend? iommufd)
    {
        if (!HostMdevNames.TryParseUuid(name, out Guid uuid) || name != uuid.ToString("D") || host.FindMdevDevice(uuid) is not { } mdev)
        {
            return null;
        }

        bool inMdevDirectory = directory == SysfsHost.DefaultRoot + MdevDevicesDirectory || directory == host.SysfsRoot + MdevDevicesDirectory;
        bool underParent = (directory.StartsWith(SysfsHost.DefaultRoot + CanonicalDevicesDirectory, StringComparison.Ordinal)
            || directory.StartsWith(host.SysfsRoot + CanonicalDevicesDirectory, StringComparison.Ordinal))
            && directory.EndsWith("/" + mdev.Parent, StringComparison.Ordinal);
        return inMdevDirectory || underParent
            ? new VfioDevice(context, host, host.FindDevice(mdev.Parent)!, sysfsPath, name, iommufd, mdev)
            : null;
    }

    /// <summary>
    /// QEMU's <c>vfio_attach_device</c> (M-9.1): creates the host IOMMU device of the backend's
    /// <c>hiod_typename</c> first (none for an mdev), then lets the backend attach (which realizes
    /// it); on failure the host IOMMU device is dropped again and nothing stays attached.
    /// </summary>
    public void Attach(object addressSpace)
    {
        ArgumentNullException.ThrowIfNull(addressSpace);
        VfioIommuBackend backend = IommuBackend;
        HostIommuDevice = IsMdev ? null : (HostIommuDevice)Context.New(backend.HiodTypeName);
        try
        {
            backend.Attach(this, addressSpace);
        }
        catch
        {
            HostIommuDevice?.Unref();
            HostIommuDevice = null;
            throw;
        }
    }

    /// <summary>QEMU's <c>vfio_detach_device</c>: drops the host IOMMU device, then leaves the container.</summary>
    public void Detach()
    {
        if (Container is null)
        {
            return;
        }

        HostIommuDevice?.Unref();
        HostIommuDevice = null;
        Container.Backend.Detach(this);
    }

    /// <summary>QEMU's <c>vfio_device_hiod_realize</c>, called by the backends during attach.</summary>
    internal void RealizeHostIommuDevice() => HostIommuDevice?.Realize(this);
}
