using System.Collections.Generic;
using QomSharp.Devices.Backends;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Vfio;

/// <summary>
/// QEMU 10.0's <c>vfio-iommu-iommufd</c> attach and detach: open the device's cdev, connect to the
/// <c>iommufd</c> object and bind, realize the host IOMMU device (it needs the devid), then attach
/// through a HWPT of a container of the same address space and object, or of a new container whose
/// IOAS ranges are read once.
/// </summary>
internal sealed class VfioIommufdIommu : VfioIommuBackend
{
    public override string QomTypeName => "vfio-iommu-iommufd";

    public override string HiodTypeName => HostIommuDeviceIommufdVfio.QomTypeName;

    internal override void Attach(VfioDevice device, object addressSpace)
    {
        IommufdBackend backend = device.Backend!;
        VfioUniverse universe = VfioUniverse.Of(device.Context);

        // iommufd_cdev_getfd: only a device bound to vfio-pci has a vfio-dev/ directory; its errors
        // carry their own "vfio PATH: " prefix under the one realize adds.
        if (!device.IsMdev && (!device.HostDevice.IsAssignable || !VfioHostDrivers.OpensThroughVfio(device.HostDevice)))
        {
            string directory = device.SysfsPath + "/vfio-dev";
            throw new QomException($"vfio {directory}: couldn't open directory {directory}: {KernelErrorException.StrError(KernelErrorException.ENOENT)}");
        }

        device.Fd = SimulatedFileDescriptors.Open(device.Context, vfioDevice: true);
        backend.Connect();
        try
        {
            Bind(universe, device, backend);
        }
        catch
        {
            backend.Disconnect();
            CloseDeviceFd(device);
            throw;
        }

        try
        {
            device.RealizeHostIommuDevice();
            // An existing container of this address space and object is tried first (QEMU 10.0: it
            // takes the device through one of its HWPTs, or a new one); failing that, a new container.
            VfioContainer? container = null;
            foreach (VfioContainer candidate in universe.ContainerList)
            {
                if (candidate.Backend == Iommufd && ReferenceEquals(candidate.AddressSpace, addressSpace)
                    && candidate.IommufdBackend == backend && TryAttachToDomain(device, backend, candidate.IoasId, candidate.Hwpts))
                {
                    container = candidate;
                    break;
                }
            }

            if (container is null)
            {
                uint ioas = backend.AllocIoas();
                var hwpts = new List<VfioHwpt>();
                try
                {
                    AttachToDomain(device, backend, ioas, hwpts);
                }
                catch
                {
                    backend.FreeId(ioas);
                    throw;
                }

                container = new VfioContainer(Iommufd, addressSpace, ReadIovaRanges(backend, ioas), IommufdBackend.IovaAlignment)
                {
                    IommufdBackend = backend,
                    IoasId = ioas,
                    Hwpts = hwpts,
                };
                universe.ContainerList.Add(container);
            }

            container.Add(device);
            // QEMU 10.1 fills these in once the device is attached; an mdev has no host IOMMU device (nor a HWPT).
            if (device.HostIommuDevice is HostIommuDeviceIommufd hiod)
            {
                hiod.SetBackendIds(backend, device.DeviceId, container.IoasId, device.Hwpt!.Id);
            }
        }
        catch
        {
            Unbind(universe, device, backend);
            throw;
        }
    }

    internal override void Detach(VfioDevice device)
    {
        VfioContainer container = device.Container!;
        IommufdBackend backend = device.Backend!;
        VfioUniverse universe = VfioUniverse.Of(device.Context);
        container.Remove(device);
        backend.DetachDevice(device.DeviceId);

        // iommufd_cdev_autodomains_put: the last device of a HWPT frees it, before the IOAS goes.
        if (device.Hwpt is { } hwpt)
        {
            hwpt.Devices.Remove(device);
            device.Hwpt = null;
            if (hwpt.Devices.Count == 0)
            {
                container.Hwpts.Remove(hwpt);
                backend.FreeId(hwpt.Id);
            }
        }

        if (container.Devices.Count == 0)
        {
            backend.FreeId(container.IoasId);
            universe.ContainerList.Remove(container);
        }

        Unbind(universe, device, backend);
    }

    // VFIO_DEVICE_BIND_IOMMUFD: a cdev can be bound once; the kernel refuses a second open (EINVAL).
    private static void Bind(VfioUniverse universe, VfioDevice device, IommufdBackend backend)
    {
        try
        {
            if (device.Mdev is { } mdev)
            {
                if (universe.BoundMdevCdevs.Contains(mdev.Uuid))
                {
                    throw new KernelErrorException(KernelErrorException.EINVAL);
                }

                device.DeviceId = backend.BindEmulatedDevice(mdev.Uuid);
                universe.BoundMdevCdevs.Add(mdev.Uuid);
                return;
            }

            if (universe.BoundCdevs.Contains(device.HostDevice.Address))
            {
                throw new KernelErrorException(KernelErrorException.EINVAL);
            }

            device.DeviceId = backend.BindDevice(device.HostDevice.Address);
            universe.BoundCdevs.Add(device.HostDevice.Address);
        }
        catch (KernelErrorException error)
        {
            throw new QomException($"error bind device fd={device.Fd} to iommufd={backend.Fd}: {error.Message}");
        }
    }

    private static bool TryAttachToDomain(VfioDevice device, IommufdBackend backend, uint ioas, List<VfioHwpt> hwpts)
    {
        try
        {
            AttachToDomain(device, backend, ioas, hwpts);
            return true;
        }
        catch (QomException)
        {
            return false;
        }
    }

    /// <summary>
    /// QEMU 10.0's <c>iommufd_cdev_autodomains_get</c>: the container's HWPTs newest first, skipping
    /// those of another IOMMU unit (EINVAL); else a new HWPT on the IOAS, asking for dirty tracking
    /// when the host IOMMU device reports it, and a nesting parent when the vIOMMU wants one (QEMU 10.2).
    /// </summary>
    private static void AttachToDomain(VfioDevice device, IommufdBackend backend, uint ioas, List<VfioHwpt> hwpts)
    {
        // iommufd_cdev_attach_container: an mdev is no physical device; it goes on the IOAS itself.
        if (device.IsMdev)
        {
            try
            {
                backend.AttachDevice(device.DeviceId, ioas);
            }
            catch (KernelErrorException error)
            {
                throw AttachError(device, backend, ioas, error);
            }

            return;
        }

        foreach (VfioHwpt candidate in hwpts)
        {
            try
            {
                backend.AttachDevice(device.DeviceId, candidate.Id);
            }
            catch (KernelErrorException error) when (error.Errno == KernelErrorException.EINVAL)
            {
                continue;
            }
            catch (KernelErrorException error)
            {
                throw AttachError(device, backend, candidate.Id, error);
            }

            Join(device, candidate);
            return;
        }

        bool dirtyTracking = (device.HostIommuDevice!.Caps.HwCaps & HostIommuDeviceCaps.DirtyTracking) != 0;
        uint flags = dirtyTracking ? VfioHwpt.DirtyTracking : 0;
        // A vIOMMU that nests the guest's stage-1 tables on this HWPT needs it to be a nesting parent.
        flags |= device.WantsNestingParent ? VfioHwpt.NestParent : 0;
        uint id = backend.AllocHwpt(device.DeviceId, ioas, flags);
        try
        {
            backend.AttachDevice(device.DeviceId, id);
        }
        catch (KernelErrorException error)
        {
            backend.FreeId(id);
            throw AttachError(device, backend, id, error);
        }

        var hwpt = new VfioHwpt(id, flags);
        hwpts.Insert(0, hwpt);
        Join(device, hwpt);
    }

    private static void Join(VfioDevice device, VfioHwpt hwpt)
    {
        hwpt.Devices.Insert(0, device);
        device.Hwpt = hwpt;
    }

    private static QomException AttachError(VfioDevice device, IommufdBackend backend, uint id, KernelErrorException error) =>
        new($"[iommufd={backend.Fd}] error attach {device.Name} ({device.Fd}) to id={id}: {error.Message}");

    // iommufd_cdev_get_info_iova_range: a failure is only a warning in QEMU; the container then
    // keeps the whole 64-bit space.
    private static IReadOnlyList<IovaRange> ReadIovaRanges(IommufdBackend backend, uint ioas)
    {
        try
        {
            return backend.GetIoasIovaRanges(ioas);
        }
        catch (KernelErrorException)
        {
            return [new IovaRange(0, ulong.MaxValue)];
        }
    }

    // iommufd_cdev_unbind_and_disconnect, then close(device fd).
    private static void Unbind(VfioUniverse universe, VfioDevice device, IommufdBackend backend)
    {
        backend.UnbindDevice(device.DeviceId);
        if (device.Mdev is { } mdev)
        {
            universe.BoundMdevCdevs.Remove(mdev.Uuid);
        }
        else
        {
            universe.BoundCdevs.Remove(device.HostDevice.Address);
        }
        backend.Disconnect();
        CloseDeviceFd(device);
        device.DeviceId = 0;
    }

    private static void CloseDeviceFd(VfioDevice device)
    {
        SimulatedFileDescriptors.Close(device.Context, device.Fd);
        device.Fd = -1;
    }
}
