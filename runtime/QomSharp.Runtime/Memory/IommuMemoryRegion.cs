using System;

namespace QomSharp.Memory;

/// <summary>QEMU's <c>IOMMUAccessFlags</c>: what an access needs of a translation, and what a translation allows.</summary>
[Flags]
public enum IommuAccessFlags
{
    /// <summary>Nothing allowed (<c>IOMMU_NONE</c>): the translation faulted.</summary>
    None = 0,

    /// <summary>Reads (<c>IOMMU_RO</c>).</summary>
    Read = 1,

    /// <summary>Writes (<c>IOMMU_WO</c>).</summary>
    Write = 2,

    /// <summary>Both (<c>IOMMU_RW</c>).</summary>
    ReadWrite = Read | Write,
}

/// <summary>
/// QEMU's <c>IOMMUTLBEntry</c>: where a vIOMMU sends an input address. The input addresses of one
/// naturally aligned block (<see cref="AddressMask"/> + 1 bytes) go to <see cref="Target"/> at
/// <see cref="TranslatedAddress"/> plus their offset in the block, for the accesses
/// <see cref="Permissions"/> allows. The default entry (no permissions) is a fault.
/// </summary>
public readonly record struct IommuTlbEntry(AddressSpace? Target, ulong Iova, ulong TranslatedAddress, ulong AddressMask, IommuAccessFlags Permissions)
{
    /// <summary>The entry of a translation that faulted (<c>IOMMU_NONE</c>).</summary>
    public static IommuTlbEntry Fault => default;
}

/// <summary>
/// QEMU's <c>iommu-memory-region</c> (abstract): a region whose accesses a vIOMMU translates; each
/// vIOMMU has its own type of it. Its subregions answer where they are mapped; the rest of it
/// translates each access (<see cref="Translate"/>) and goes on in the target address space.
/// </summary>
[QomType("iommu-memory-region", Abstract = true)]
public abstract partial class IommuMemoryRegion : MemoryRegion
{
    /// <summary>Regions are created with <see cref="MemoryRegion.Create{T}"/>.</summary>
    protected internal IommuMemoryRegion()
    {
    }

    /// <summary>
    /// QEMU's <c>IOMMUMemoryRegionClass.translate</c>: the translation of <paramref name="address"/>
    /// (an offset in the region) for an access needing <paramref name="access"/>, by the requester
    /// the vIOMMU tells apart with <paramref name="iommuIndex"/>. A vIOMMU records its faults here;
    /// an entry without the access's permission fails the access. The base translates nothing.
    /// </summary>
    public virtual IommuTlbEntry Translate(ulong address, IommuAccessFlags access, int iommuIndex) => IommuTlbEntry.Fault;
}
