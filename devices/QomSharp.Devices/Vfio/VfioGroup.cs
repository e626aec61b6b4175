using System.Collections.Generic;

namespace QomSharp.Devices.Vfio;

/// <summary>QEMU's <c>VFIOGroup</c>: an open IOMMU group of a legacy container, with its attached devices.</summary>
internal sealed class VfioGroup(int id, VfioContainer container)
{
    public int Id { get; } = id;

    public VfioContainer Container { get; } = container;

    public List<VfioDevice> Devices { get; } = [];
}
