namespace QomSharp.Devices.Vfio;

/// <summary>
/// QEMU's <c>vfio-iommu</c> (M-9.1: a class below <c>interface</c>, <c>VFIOIOMMUClass</c>): the kind
/// of container a VFIO device attaches through. Its subclasses name the two backends; the class data
/// (<c>hiod_typename</c>, attach, detach) is held by <see cref="VfioIommuBackend"/>, because a
/// generated QOM interface carries no class struct of its own.
/// </summary>
[QomInterface("vfio-iommu")]
public interface IVfioIommu;

/// <summary>QEMU's <c>vfio-iommu-legacy</c>: a type1 container of VFIO groups (<c>/dev/vfio/vfio</c>).</summary>
[QomInterface("vfio-iommu-legacy")]
public interface IVfioIommuLegacy : IVfioIommu;

/// <summary>QEMU's <c>vfio-iommu-iommufd</c>: VFIO device cdevs bound to an <c>iommufd</c> object.</summary>
[QomInterface("vfio-iommu-iommufd")]
public interface IVfioIommuIommufd : IVfioIommu;
