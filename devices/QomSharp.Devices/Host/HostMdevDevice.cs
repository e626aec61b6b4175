using System;

namespace QomSharp.Devices.Host;

/// <summary>
/// A mediated device (mdev): a slice of a parent PCI function that its vendor driver exposes to VFIO
/// as <c>/sys/bus/mdev/devices/UUID</c>. It has an IOMMU group of its own, made by VFIO for an
/// emulated IOMMU (no reserved regions, no remapping unit): the parent's driver translates its DMA.
/// </summary>
/// <param name="Uuid">The mdev's UUID, its name under <c>/sys/bus/mdev/devices/</c>.</param>
/// <param name="Parent">The parent PCI function.</param>
/// <param name="Type">The mdev type it was created from (the last component of its <c>mdev_type</c> link), e.g. <c>i915-GVTg_V5_4</c>.</param>
/// <param name="IommuGroup">Its IOMMU group.</param>
/// <param name="Description">Free text, optional.</param>
/// <param name="VendorId">The vendor id its configuration space shows; null for the parent's (vGPU drivers show the parent's ids).</param>
/// <param name="DeviceId">The device id its configuration space shows; null for the parent's.</param>
/// <param name="Config">
/// What its configuration space (the vendor driver's emulation, read through the VFIO device) says
/// beyond the ids, or null when the description does not say.
/// </param>
public sealed record HostMdevDevice(
    Guid Uuid,
    PciHostAddress Parent,
    string Type,
    int IommuGroup,
    string? Description = null,
    ushort? VendorId = null,
    ushort? DeviceId = null,
    HostPciConfig? Config = null)
{
    /// <summary>The UUID as sysfs names the device (lower case, with dashes).</summary>
    public string Name => Uuid.ToString("D");

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Type} on {Parent})";
}
