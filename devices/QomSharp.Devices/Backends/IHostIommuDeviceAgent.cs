using System.Collections.Generic;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Backends;

/// <summary>
/// The device a host IOMMU device stands for (QEMU's <c>agent</c>, a VFIODevice): its name and what
/// its container learnt from the kernel. vfio-pci implements this; tests use the simulated agents.
/// </summary>
public interface IHostIommuDeviceAgent
{
    /// <summary>The VFIO device name used in messages, e.g. <c>0000:01:00.0</c>.</summary>
    string Name { get; }

    /// <summary>The container's usable IOVA ranges (inclusive), sorted and merged; empty if the kernel gave none.</summary>
    IReadOnlyList<IovaRange> IovaRanges { get; }

    /// <summary>The container's supported page sizes (<c>pgsizes</c>).</summary>
    ulong PageSizeMask { get; }
}

/// <summary>An agent that may be bound to an <c>iommufd</c> backend (VFIO cdev): the backend and the kernel's device id.</summary>
public interface IIommufdDeviceAgent : IHostIommuDeviceAgent
{
    /// <summary>The backend the device is bound to; null for a device in a legacy container.</summary>
    IommufdBackend? Backend { get; }

    /// <summary>VFIO_DEVICE_BIND_IOMMUFD <c>out_devid</c>.</summary>
    uint DeviceId { get; }
}
