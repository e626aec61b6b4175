namespace QomSharp.Devices.Vfio;

/// <summary>
/// QEMU's <c>VFIOIOMMUClass</c> (M-9.1): the host IOMMU device type a backend creates
/// (<c>hiod_typename</c>) and how a device joins and leaves one of its containers. A device with an
/// <c>iommufd</c> link uses <see cref="Iommufd"/>, any other <see cref="Legacy"/>.
/// </summary>
public abstract class VfioIommuBackend
{
    private protected VfioIommuBackend()
    {
    }

    /// <summary>The type1 container backend (<c>vfio-iommu-legacy</c>).</summary>
    public static VfioIommuBackend Legacy { get; } = new VfioLegacyIommu();

    /// <summary>The iommufd cdev backend (<c>vfio-iommu-iommufd</c>).</summary>
    public static VfioIommuBackend Iommufd { get; } = new VfioIommufdIommu();

    /// <summary>The QOM class name of the backend.</summary>
    public abstract string QomTypeName { get; }

    /// <summary>QEMU's <c>hiod_typename</c>: the host IOMMU device type created for each attached device.</summary>
    public abstract string HiodTypeName { get; }

    /// <summary>
    /// QEMU's <c>attach_device</c> (M-9.1): joins (or creates) a container in
    /// <paramref name="addressSpace"/> and realizes the device's host IOMMU device on the way.
    /// Throws a <see cref="QomException"/> (without the <c>vfio NAME: </c> prefix) and undoes its own
    /// steps on failure.
    /// </summary>
    internal abstract void Attach(VfioDevice device, object addressSpace);

    /// <summary>QEMU's <c>detach_device</c>: leaves the container, destroying it when it empties.</summary>
    internal abstract void Detach(VfioDevice device);
}
