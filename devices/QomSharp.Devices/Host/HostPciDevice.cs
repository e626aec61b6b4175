using System;

namespace QomSharp.Devices.Host;

/// <summary>
/// A host PCI function: its address, ids, the IOMMU group it belongs to and the remapping unit that
/// translates its DMA. A device behind no IOMMU has neither a group nor a unit (Linux then has no
/// <c>iommu_group</c> link), and VFIO cannot assign it. <see cref="Driver"/> is the host driver
/// bound to the function (the last component of its sysfs <c>driver</c> link, e.g. <c>vfio-pci</c>),
/// or null when none is bound. <see cref="Config"/> is what its configuration space says (class,
/// subsystem ids, interrupt pin, BARs, ROM size), or null when the description does not say.
/// </summary>
public sealed record HostPciDevice(
    PciHostAddress Address,
    ushort VendorId,
    ushort DeviceId,
    int? IommuGroup,
    string? IommuUnit,
    string? Description = null,
    string? Driver = null,
    HostPciConfig? Config = null)
{
    /// <summary>Whether VFIO could take this device: it needs an IOMMU group.</summary>
    public bool IsAssignable => IommuGroup is not null && IommuUnit is not null;

    /// <summary>The address and ids as <c>lspci -nn</c> shows them: <c>0000:98:00.0 [10de:2330]</c>.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"{Address} [{VendorId:x4}:{DeviceId:x4}]");
}
