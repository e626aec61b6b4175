using System.Collections.Generic;
using QomSharp.Devices.Backends;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Vfio;

/// <summary>
/// QEMU's <c>vfio-iommu-iommufd</c> attach and detach (hw/vfio/iommufd.c, M-9.1): open the device's
/// cdev, connect to the <c>iommufd</c> object and bind, realize the host IOMMU device (it needs the
/// devid), then attach to the IOAS of a container of the same address space and object, or to a new
/// IOAS whose ranges are read once.
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
        if (!device.HostDevice.IsAssignable)
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
            // An existing container of this address space and object is tried first; a device the
            // kernel will not attach there (another IOMMU unit's domain) gets a container of its own.
            VfioContainer? container = null;
            foreach (VfioContainer candidate in universe.ContainerList)
            {
                if (candidate.Backend == Iommufd && ReferenceEquals(candidate.AddressSpace, addressSpace)
                    && candidate.IommufdBackend == backend && TryAttachToIoas(device, backend, candidate.IoasId))
                {
                    container = candidate;
                    break;
                }
            }

            if (container is null)
            {
                uint ioas = backend.AllocIoas();
                try
                {
                    AttachToIoas(device, backend, ioas);
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
                };
                universe.ContainerList.Add(container);
            }

            container.Add(device);
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
        backend.DetachDevice(device.DeviceId, container.IoasId);
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

    private static bool TryAttachToIoas(VfioDevice device, IommufdBackend backend, uint ioas)
    {
        try
        {
            backend.AttachDevice(device.DeviceId, ioas);
            return true;
        }
        catch (KernelErrorException)
        {
            return false;
        }
    }

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

    private static void AttachToIoas(VfioDevice device, IommufdBackend backend, uint ioas)
    {
        try
        {
            backend.AttachDevice(device.DeviceId, ioas);
        }
        catch (KernelErrorException error)
        {
            throw new QomException($"[iommufd={backend.Fd}] error attach {device.Name} ({device.Fd}) to id={ioas}: {error.Message}");
        }
    }

    // iommufd_cdev_unbind_and_disconnect, then close(device fd).
    private static void Unbind(VfioUniverse universe, VfioDevice device, IommufdBackend backend)
    {
        backend.UnbindDevice(device.DeviceId);
        universe.BoundCdevs.Remove(device.HostDevice.Address);
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
