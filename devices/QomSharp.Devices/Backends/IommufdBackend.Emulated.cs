using System;
using System.Collections.Generic;

namespace QomSharp.Devices.Backends;

/// <summary>
/// Devices with an emulated IOMMU (mdevs): bound through an iommufd access rather than a device of an
/// IOMMU unit, so binding claims no group ownership and they attach to an IOAS only (the kernel has no
/// paging domain for them); they restrict no IOVA range.
/// </summary>
public sealed partial class IommufdBackend
{
    private readonly Dictionary<uint, Guid> emulatedDevices = [];

    /// <summary>VFIO_DEVICE_BIND_IOMMUFD for the mdev <paramref name="uuid"/>: its devid.</summary>
    /// <exception cref="KernelErrorException">No descriptor (EBADF), or no such mdev (ENODEV).</exception>
    public uint BindEmulatedDevice(Guid uuid)
    {
        RequireFd();
        if (Host.FindMdevDevice(uuid) is null)
        {
            throw new KernelErrorException(KernelErrorException.ENODEV);
        }

        uint id = NextId();
        emulatedDevices.Add(id, uuid);
        return id;
    }

    private bool IsEmulated(uint deviceId) => emulatedDevices.ContainsKey(deviceId);
}
