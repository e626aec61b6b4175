namespace QomSharp.Devices.Vfio;

/// <summary>
/// QEMU's <c>vfio-iommu</c> (abstract, below <c>object</c> since QEMU 9.2): the kind of container a
/// VFIO device attaches through; in QEMU its instances are the containers. The class data
/// (<c>hiod_typename</c>, attach, detach) is held by <see cref="VfioIommuBackend"/> and the containers
/// are <see cref="VfioContainer"/> objects, which no QOM path reaches, as in QEMU.
/// </summary>
[QomType("vfio-iommu", Abstract = true)]
public abstract partial class VfioIommu : QomObject;

/// <summary>QEMU's <c>vfio-iommu-legacy</c>: a type1 container of VFIO groups (<c>/dev/vfio/vfio</c>).</summary>
[QomType("vfio-iommu-legacy")]
public sealed partial class VfioIommuLegacy : VfioIommu;

/// <summary>QEMU's <c>vfio-iommu-iommufd</c>: VFIO device cdevs bound to an <c>iommufd</c> object.</summary>
[QomType("vfio-iommu-iommufd")]
public sealed partial class VfioIommuIommufd : VfioIommu;
