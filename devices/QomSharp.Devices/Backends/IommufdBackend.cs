using System.Collections.Generic;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Backends;

/// <summary>
/// QEMU's <c>iommufd</c> backend object (<c>-object iommufd,id=ID[,fd=FD]</c>, backends/iommufd.c,
/// baseline M): the /dev/iommu descriptor shared by the VFIO devices linked to it, counted in
/// <see cref="Users"/>. The kernel behind the descriptor is simulated from <see cref="Host"/>: ids
/// come from one counter per open descriptor (the kernel's per-fd xarray), IOAS ranges are the
/// attached devices' usable ranges.
/// </summary>
[QomType("iommufd")]
public sealed partial class IommufdBackend : QomObject, IUserCreatable
{
    /// <summary>The page alignment an IOAS reports (<c>out_iova_alignment</c>: PAGE_SIZE on x86).</summary>
    public const ulong IovaAlignment = 4096;

    private readonly Dictionary<uint, PciHostAddress> devices = [];

    // IOAS → the devices attached to it, directly or through one of its HWPTs.
    private readonly Dictionary<uint, List<uint>> ioases = [];
    private readonly Dictionary<uint, HardwarePageTable> hwpts = [];

    // Device → the IOAS or HWPT it is attached to (one at a time: a new attach replaces).
    private readonly Dictionary<uint, uint> attachments = [];

    /// <summary>The descriptor; -1 until connected (or set by <c>fd</c>).</summary>
    public int Fd { get; private set; } = -1;

    /// <summary>Whether this object opened the descriptor (false once <c>fd</c> passed one in).</summary>
    public bool Owned { get; private set; } = true;

    /// <summary>How many VFIO devices are connected.</summary>
    public uint Users { get; private set; }

    private IHost? host;

    /// <summary>The host the simulated kernel describes: the universe's (<see cref="HostSelection"/>) unless set.</summary>
    public IHost Host
    {
        get => host ?? HostSelection.Get(Context);
        set => host = value;
    }

    /// <summary>
    /// QEMU's write-only <c>fd</c> (type <c>string</c>): a pre-opened iommufd; this object then never
    /// opens or closes one. No monitor is current at <c>-object</c> time, so the text is a decimal number.
    /// </summary>
    public void PassFd(string value)
    {
        Fd = Vfio.FileDescriptorParameter.Parse(value);
        Owned = false;
    }

    [QomClassInit]
    private static void InitIommufdBackendClass(QomClass klass) =>
        klass.AddProperty(new QomStringProperty("fd", null, static (o, v) => ((IommufdBackend)o).PassFd(v ?? string.Empty), type: "string"));

    /// <summary>QEMU's iommufd_backend_connect: opens /dev/iommu for the first user of an owned backend.</summary>
    public void Connect()
    {
        if (Owned && Users == 0)
        {
            Fd = SimulatedFileDescriptors.Open(Context);
        }

        Users++;
    }

    /// <summary>QEMU's iommufd_backend_disconnect: the last user closes an owned descriptor.</summary>
    public void Disconnect()
    {
        if (Users == 0)
        {
            return;
        }

        Users--;
        if (Users == 0 && Owned)
        {
            Close();
        }
    }

    bool IUserCreatable.CanBeDeleted() => Users == 0;

    [QomInstanceFinalize]
    private void FinalizeBackend()
    {
        // A passed-in descriptor belongs to whoever passed it.
        if (Owned)
        {
            Close();
        }
    }

    /// <summary>VFIO_DEVICE_BIND_IOMMUFD for the host device at <paramref name="address"/>: its devid.</summary>
    /// <exception cref="KernelErrorException">No descriptor (EBADF), or a device VFIO cannot take (ENODEV).</exception>
    public uint BindDevice(PciHostAddress address)
    {
        RequireFd();
        if (Host.FindDevice(address) is not { IsAssignable: true } device)
        {
            throw new KernelErrorException(KernelErrorException.ENODEV);
        }

        // iommu_device_claim_dma_owner: a driver doing its own DMA in the group already owns it.
        if (!Vfio.VfioHostDrivers.GroupIsViable(Host, device.IommuGroup!.Value))
        {
            throw new KernelErrorException(KernelErrorException.EPERM);
        }

        uint id = NextId();
        devices.Add(id, address);
        return id;
    }

    /// <summary>QEMU's iommufd_backend_alloc_ioas (IOMMU_IOAS_ALLOC, flags 0).</summary>
    public uint AllocIoas()
    {
        if (Fd < 0)
        {
            throw new QomException($"Failed to allocate ioas: {KernelErrorException.StrError(KernelErrorException.EBADF)}");
        }

        uint id = NextId();
        ioases.Add(id, []);
        return id;
    }

    /// <summary>Closing a bound VFIO device's descriptor: the kernel forgets its devid and every attachment.</summary>
    public void UnbindDevice(uint deviceId)
    {
        DetachDevice(deviceId);
        devices.Remove(deviceId);
        emulatedDevices.Remove(deviceId);
    }

    /// <summary>Whether the IOAS exists (for tests of what detach leaves behind).</summary>
    public bool HasIoas(uint ioasId) => ioases.ContainsKey(ioasId);

    /// <summary>
    /// IOMMU_IOAS_IOVA_RANGES: the whole 64-bit space for an empty IOAS, else what every attached
    /// device allows (each device's usable ranges, intersected).
    /// </summary>
    public IReadOnlyList<IovaRange> GetIoasIovaRanges(uint ioasId)
    {
        RequireFd();
        if (!ioases.TryGetValue(ioasId, out var attached))
        {
            throw new KernelErrorException(KernelErrorException.ENOENT);
        }

        IReadOnlyList<IovaRange> ranges = [new IovaRange(0, ulong.MaxValue)];
        foreach (uint deviceId in attached)
        {
            if (IsEmulated(deviceId))
            {
                continue;
            }

            var usable = SimulatedKernelIovaRanges.ForDevice(Host, devices[deviceId]).UsableRanges;
            // A ∩ B = A − (A − B): reuses the host model's set arithmetic.
            ranges = IovaRangeSet.Subtract(ranges, IovaRangeSet.Subtract(ranges, usable));
        }

        return ranges;
    }

    /// <summary>QEMU's iommufd_backend_get_device_info (IOMMU_GET_HW_INFO) for a bound device.</summary>
    public IommufdDeviceInfo GetDeviceInfo(uint deviceId)
    {
        int errno = Fd < 0 ? KernelErrorException.EBADF : devices.ContainsKey(deviceId) ? 0 : KernelErrorException.ENOENT;
        if (errno != 0)
        {
            throw new QomException($"Failed to get hardware info: {KernelErrorException.StrError(errno)}");
        }

        HostPciDevice device = Host.FindDevice(devices[deviceId])!;
        IommuUnit unit = Host.FindIommuUnit(device.IommuUnit!)!;
        // Linux reports dirty tracking for VT-d when second-stage A/D bits and scalable mode are both there.
        ulong hwCaps = unit.ExtendedCapability.SupportsDirtyTracking ? HostIommuDeviceCaps.DirtyTracking : 0;
        return new IommufdDeviceInfo(IommuHwInfoType.IntelVtd, unit.Capability.Value, unit.ExtendedCapability.Value, hwCaps);
    }

    // The kernel's object ids come from one xarray per descriptor, lowest free id first.
    private uint NextId()
    {
        uint id = 1;
        while (devices.ContainsKey(id) || emulatedDevices.ContainsKey(id) || ioases.ContainsKey(id) || hwpts.ContainsKey(id))
        {
            id++;
        }

        return id;
    }

    private string? UnitOf(uint deviceId) => Host.FindDevice(devices[deviceId])?.IommuUnit;

    private void RequireFd()
    {
        if (Fd < 0)
        {
            throw new KernelErrorException(KernelErrorException.EBADF);
        }
    }

    private void Close()
    {
        // Closing the descriptor destroys every kernel object created through it.
        if (Fd >= 0)
        {
            SimulatedFileDescriptors.Close(Context, Fd);
        }

        Fd = -1;
        devices.Clear();
        emulatedDevices.Clear();
        ioases.Clear();
        hwpts.Clear();
        attachments.Clear();
    }
}
