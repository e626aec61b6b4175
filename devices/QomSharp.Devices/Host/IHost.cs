using System.Collections.Generic;

namespace QomSharp.Devices.Host;

/// <summary>
/// What QomSharp knows of the machine it pretends to run on: the VT-d units, the PCI functions with
/// their IOMMU groups, and each group's reserved regions. The vfio-pci / HostIOMMUDevice models ask
/// this instead of real ioctls so behaviour is reproducible on any build machine.
/// </summary>
public interface IHost
{
    /// <summary>Where the description came from (resource name, JSON file, sysfs root), for messages.</summary>
    string Origin { get; }

    /// <summary>
    /// Where the host's sysfs is mounted: <c>/sys</c>, or the root of a sysfs tree read with
    /// <c>sysfs:ROOT</c>. Device paths (vfio-pci's <c>sysfsdev</c>) are resolved under it.
    /// </summary>
    string SysfsRoot { get; }

    /// <summary>The VT-d remapping units, in the order described.</summary>
    IReadOnlyList<IommuUnit> IommuUnits { get; }

    /// <summary>The PCI functions, in the order described.</summary>
    IReadOnlyList<HostPciDevice> Devices { get; }

    /// <summary>The IOMMU group numbers, ascending.</summary>
    IReadOnlyList<int> IommuGroups { get; }

    /// <summary>The group's reserved regions as sysfs lists them; empty for an unknown group.</summary>
    IReadOnlyList<ReservedRegion> GetReservedRegions(int group);

    /// <summary>The function at <paramref name="address"/>, or null if the host has none there.</summary>
    HostPciDevice? FindDevice(PciHostAddress address);

    /// <summary>The remapping unit named <paramref name="name"/> (e.g. <c>dmar0</c>), or null.</summary>
    IommuUnit? FindIommuUnit(string name);

    /// <summary>The mediated devices (<c>/sys/bus/mdev/devices/UUID</c>), by UUID.</summary>
    IReadOnlyList<HostMdevDevice> MdevDevices => [];

    /// <summary>The mediated device named <paramref name="uuid"/>, or null.</summary>
    HostMdevDevice? FindMdevDevice(System.Guid uuid)
    {
        foreach (HostMdevDevice mdev in MdevDevices)
        {
            if (mdev.Uuid == uuid)
                return mdev;
        }
        return null;
    }
}
