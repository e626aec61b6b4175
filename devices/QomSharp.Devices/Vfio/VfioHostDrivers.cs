using System;
using System.Linq;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Vfio;

/// <summary>
/// What the host's driver bindings mean to VFIO (Linux's DMA ownership rules, drivers/iommu/iommu.c
/// and drivers/vfio/group.c): a function bound to a VFIO driver is a VFIO device; a driver that does
/// its own DMA (anything but the VFIO drivers, <c>pci-stub</c> and <c>pcieport</c>, which set
/// <c>driver_managed_dma</c>) claims the group's default domain, so the group cannot be handed to
/// user space. An unbound function claims nothing.
/// </summary>
public static class VfioHostDrivers
{
    /// <summary>Whether <paramref name="driver"/> registers its function as a VFIO device: <c>vfio-pci</c> or a variant driver (<c>mlx5_vfio_pci</c>, <c>xe-vfio-pci</c>, …).</summary>
    public static bool IsVfioDriver(string driver) =>
        driver == "vfio-pci"
        || driver.EndsWith("_vfio_pci", StringComparison.Ordinal)
        || driver.EndsWith("-vfio-pci", StringComparison.Ordinal);

    /// <summary>Whether a function bound to <paramref name="driver"/> (null: unbound) leaves its group's DMA to its owner.</summary>
    public static bool LeavesDmaToOwner(string? driver) =>
        driver is null or "pci-stub" or "pcieport" || IsVfioDriver(driver);

    /// <summary>
    /// Whether the function can be opened through VFIO. The function being assigned counts as bound
    /// to vfio-pci when no driver is recorded for it, so descriptions without bindings keep working.
    /// </summary>
    public static bool OpensThroughVfio(HostPciDevice device) => device.Driver is null || IsVfioDriver(device.Driver);

    /// <summary>
    /// VFIO_GROUP_FLAGS_VIABLE: no function of the group is bound to a driver that does its own DMA.
    /// </summary>
    public static bool GroupIsViable(IHost host, int group) =>
        host.Devices.Where(d => d.IommuGroup == group).All(d => LeavesDmaToOwner(d.Driver));

    /// <summary>Whether <c>/dev/vfio/N</c> exists: some function of the group is a VFIO device (the assigned one counting as above).</summary>
    public static bool GroupHasVfioNode(IHost host, int group, HostPciDevice assigned) =>
        OpensThroughVfio(assigned)
        || host.Devices.Any(d => d.IommuGroup == group && d.Driver is { } driver && IsVfioDriver(driver));
}
