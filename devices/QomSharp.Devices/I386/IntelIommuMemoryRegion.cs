using QomSharp.Memory;

namespace QomSharp.Devices.I386;

/// <summary>QEMU's <c>intel-iommu-iommu-memory-region</c>: the DMA remapping region of one device's address space (<c>vtd-BB.F-dmar</c>).</summary>
[QomType("intel-iommu-iommu-memory-region")]
public sealed partial class IntelIommuMemoryRegion : IommuMemoryRegion
{
    /// <summary>Regions are created with <see cref="MemoryRegion.Create{T}"/>.</summary>
    internal IntelIommuMemoryRegion()
    {
    }

    // The engine and the requester the region translates for.
    internal DmarRegisters? Engine { get; set; }

    internal VtdAddressSpace? Space { get; set; }

    /// <inheritdoc/>
    public override IommuTlbEntry Translate(ulong address, IommuAccessFlags access, int iommuIndex) =>
        Engine is { } engine && Space is { } space ? engine.Translate(space, address, access) : IommuTlbEntry.Fault;
}
