using QomSharp.Devices.Backends;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.I386;

/// <summary>
/// QomSharp's <c>iommufd</c> link on intel-iommu (Cédric Le Goater's proposal in the review of the
/// host IOMMU device series; QEMU 10.0 has no such property). With it set, the vIOMMU owns the
/// backend choice: every vfio-pci behind it binds to that <c>iommufd</c> object (one naming another
/// is refused), all of them join one container whose single IOAS holds guest memory (Jason
/// Gunthorpe's point: one IOAS shared for the guest physical mapping), with one HWPT per host IOMMU
/// unit; and the vIOMMU reads the host's IOMMU units through the backend when it realizes, refusing
/// an <c>aw-bits</c> that some unit cannot map. Without it, QEMU 10.0's behaviour holds: each
/// device names its own backend, and each address space gets its own container and IOAS.
/// </summary>
public sealed partial class IntelIommu
{
    /// <summary>QomSharp's <c>iommufd</c>: the host IOMMUFD backend of every device assigned behind this vIOMMU.</summary>
    [QomLink("iommufd", Description = "QomSharp: host IOMMUFD backend of every assigned device behind this vIOMMU")]
    public partial IommufdBackend? Iommufd { get; set; }

    /// <summary>
    /// The one DMA address space every device shares when <see cref="Iommufd"/> is set: the guest's
    /// physical memory, mapped once into one IOAS.
    /// </summary>
    public object GuestMemory { get; } = new();

    /// <summary>The narrowest host address width among the host's IOMMU units, read at realize through <see cref="Iommufd"/>; 0 without the link.</summary>
    public int LinkedHostAwBits { get; private set; }

    /// <summary>The error text when <paramref name="deviceBackend"/> is not this vIOMMU's backend (null when it is, or none is named).</summary>
    public string? BackendMismatch(IommufdBackend? deviceBackend) =>
        Iommufd is { } linked && deviceBackend is not null && !ReferenceEquals(linked, deviceBackend)
            ? $"iommufd '{deviceBackend.CanonicalPathComponent}' is not the vIOMMU's iommufd '{linked.CanonicalPathComponent}'"
            : null;

    // At realize the vIOMMU reads every host IOMMU unit behind the backend (the kernel's domain
    // width for a user domain on that unit): aw-bits must fit the narrowest.
    private void CheckLinkedIommufd()
    {
        if (Iommufd is not { } backend)
        {
            LinkedHostAwBits = 0;
            return;
        }

        int narrowest = SimulatedKernelIovaRanges.AwBitsMax;
        string? narrowestUnit = null;
        foreach (IommuUnit unit in backend.Host.IommuUnits)
        {
            int width = SimulatedKernelIovaRanges.DomainAddressWidth(unit.Capability);
            if (width < narrowest)
            {
                (narrowest, narrowestUnit) = (width, unit.Name);
            }
        }

        if (narrowestUnit is not null && AwBits > narrowest)
        {
            throw new QomException($"aw-bits {AwBits} > host aw-bits {narrowest} of iommufd '{backend.CanonicalPathComponent}' ({narrowestUnit})");
        }

        LinkedHostAwBits = narrowest;
    }
}
