namespace QomSharp.Memory;

/// <summary>
/// QEMU's <c>iommu-memory-region</c> (abstract): a region whose accesses a vIOMMU translates; each
/// vIOMMU has its own type of it.
/// </summary>
[QomType("iommu-memory-region", Abstract = true)]
public abstract partial class IommuMemoryRegion : MemoryRegion
{
    /// <summary>Regions are created with <see cref="MemoryRegion.Create{T}"/>.</summary>
    protected internal IommuMemoryRegion()
    {
    }
}
