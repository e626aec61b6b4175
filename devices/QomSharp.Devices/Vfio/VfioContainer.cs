using System.Collections.Generic;
using QomSharp.Devices.Backends;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Vfio;

/// <summary>
/// QEMU's <c>VFIOContainerBase</c>: the devices of one backend that share one DMA address space and
/// one set of kernel mappings. Its IOVA ranges and page sizes are read from the kernel once, when the
/// first device creates it (as QEMU does); a device that joins later does not refresh them.
/// </summary>
public sealed class VfioContainer
{
    private readonly List<VfioDevice> devices = [];

    internal VfioContainer(VfioIommuBackend backend, object addressSpace, IReadOnlyList<IovaRange> iovaRanges, ulong pageSizeMask)
    {
        Backend = backend;
        AddressSpace = addressSpace;
        IovaRanges = iovaRanges;
        PageSizeMask = pageSizeMask;
    }

    /// <summary>The backend the container belongs to (legacy or iommufd).</summary>
    public VfioIommuBackend Backend { get; }

    /// <summary>The DMA address space the container serves (a vIOMMU's token, or the system memory).</summary>
    public object AddressSpace { get; }

    /// <summary>The usable IOVA ranges the kernel reported (inclusive), sorted.</summary>
    public IReadOnlyList<IovaRange> IovaRanges { get; }

    /// <summary>The page sizes the kernel reported (<c>pgsizes</c>).</summary>
    public ulong PageSizeMask { get; }

    /// <summary>The <c>iommufd</c> object of an iommufd container; null for a legacy one.</summary>
    public IommufdBackend? IommufdBackend { get; init; }

    /// <summary>The IOAS of an iommufd container.</summary>
    public uint IoasId { get; init; }

    /// <summary>The HWPTs of an iommufd container, newest first (QEMU's <c>hwpt_list</c>).</summary>
    public List<VfioHwpt> Hwpts { get; init; } = [];

    /// <summary>The devices in the container, in the order they joined.</summary>
    public IReadOnlyList<VfioDevice> Devices => devices;

    internal void Add(VfioDevice device)
    {
        devices.Add(device);
        device.Container = this;
    }

    internal void Remove(VfioDevice device)
    {
        devices.Remove(device);
        device.Container = null;
    }
}
