using System.Collections.Generic;
using System.Runtime.CompilerServices;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Vfio;

/// <summary>
/// The VFIO state of one QOM universe (QEMU's global container, group and device lists): every live
/// container, the legacy groups by number, and the host devices bound through a cdev.
/// </summary>
public sealed class VfioUniverse
{
    private static readonly ConditionalWeakTable<QomContext, VfioUniverse> s_universes = new();

    private VfioUniverse()
    {
    }

    /// <summary>The VFIO state of <paramref name="context"/>.</summary>
    public static VfioUniverse Of(QomContext context) => s_universes.GetValue(context, static _ => new VfioUniverse());

    internal List<VfioContainer> ContainerList { get; } = [];

    internal Dictionary<int, VfioGroup> GroupsById { get; } = [];

    internal HashSet<PciHostAddress> BoundCdevs { get; } = [];

    internal HashSet<System.Guid> BoundMdevCdevs { get; } = [];

    /// <summary>The live containers, in creation order.</summary>
    public IReadOnlyList<VfioContainer> Containers => ContainerList;

    /// <summary>The numbers of the IOMMU groups open in legacy containers.</summary>
    public IEnumerable<int> OpenGroups => GroupsById.Keys;
}
