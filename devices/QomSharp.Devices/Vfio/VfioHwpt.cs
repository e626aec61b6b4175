using System.Collections.Generic;

namespace QomSharp.Devices.Vfio;

/// <summary>
/// QEMU's <c>VFIOIOASHwpt</c>: a hardware page table an iommufd container allocated on its IOAS for
/// one IOMMU unit, and the devices attached through it. QEMU 10.0 tries a container's HWPTs newest
/// first and allocates a new one when none takes the device.
/// </summary>
public sealed class VfioHwpt
{
    internal VfioHwpt(uint id, uint flags)
    {
        Id = id;
        Flags = flags;
    }

    /// <summary>The HWPT's object id in the iommufd.</summary>
    public uint Id { get; }

    /// <summary>The allocation flags (<see cref="DirtyTracking"/> when the host IOMMU can track dirty pages, <see cref="NestParent"/> when the vIOMMU asks for nesting).</summary>
    public uint Flags { get; }

    /// <summary><c>IOMMU_HWPT_ALLOC_DIRTY_TRACKING</c>.</summary>
    public const uint DirtyTracking = Backends.IommuHwptAlloc.DirtyTracking;

    /// <summary><c>IOMMU_HWPT_ALLOC_NEST_PARENT</c>.</summary>
    public const uint NestParent = Backends.IommuHwptAlloc.NestParent;

    /// <summary>The devices attached through this HWPT, newest first.</summary>
    public List<VfioDevice> Devices { get; } = [];
}
