using QomSharp.Memory;

namespace QomSharp.Devices.Virtio;

/// <summary>
/// QEMU's <c>virtio-iommu-memory-region</c>: the translated region of one endpoint's address space
/// (<c>virtio-iommu-memory-region-N-DEVFN[1]</c> of the virtio-iommu device).
/// </summary>
[QomType("virtio-iommu-memory-region")]
public sealed partial class VirtioIommuMemoryRegion : IommuMemoryRegion
{
    /// <summary>Regions are created with <see cref="MemoryRegion.Create{T}"/>.</summary>
    internal VirtioIommuMemoryRegion()
    {
    }
}
