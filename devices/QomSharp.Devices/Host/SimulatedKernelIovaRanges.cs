using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;

namespace QomSharp.Devices.Host;

/// <summary>What the simulated kernel answers for one host device (see <see cref="SimulatedKernelIovaRanges"/>).</summary>
/// <param name="Device">The host function asked about.</param>
/// <param name="Unit">The remapping unit that translates its DMA.</param>
/// <param name="AddressWidth">The domain's guest address width, from CAP MGAW/SAGAW.</param>
/// <param name="Aperture">The domain aperture [0, 2^width − 1].</param>
/// <param name="UsableRanges">Aperture minus the enforced reserved regions, sorted and merged.</param>
/// <param name="HostAwBits">What QEMU computes from <paramref name="UsableRanges"/>; the vIOMMU compares its aw-bits to this.</param>
public sealed record DeviceIovaAnswer(
    HostPciDevice Device,
    IommuUnit Unit,
    int AddressWidth,
    IovaRange Aperture,
    IReadOnlyList<IovaRange> UsableRanges,
    int HostAwBits);

/// <summary>
/// The kernel's answer to VFIO_IOMMU_GET_INFO (IOVA_RANGE capability) and IOMMU_IOAS_IOVA_RANGES for a
/// device on a VT-d host, plus the "host aw-bits" QEMU derives from it:
/// <list type="number">
/// <item>Linux picks the deepest page table SAGAW offers up to 57 bits (iommu agaw), takes its width
/// (30 + 9·agaw) and caps it at MGAW + 1; a user (VFIO/iommufd) domain uses second-stage tables, so its
/// aperture is [0, 2^width − 1].</item>
/// <item>VFIO type1 and iommufd remove every reserved region of the group except "direct-relaxable"
/// RMRRs, which the kernel gives up for assigned devices.</item>
/// <item>QEMU's aw-bits = index of the top set bit of the last usable address + 1 (64 if no ranges).</item>
/// </list>
/// </summary>
public static class SimulatedKernelIovaRanges
{
    /// <summary>Linux's DEFAULT_DOMAIN_ADDRESS_WIDTH: the widest table depth it will choose.</summary>
    public const int DefaultDomainAddressWidth = 57;

    /// <summary>QEMU's HOST_IOMMU_DEVICE_CAP_AW_BITS_MAX, the answer when the kernel reports no ranges.</summary>
    public const int AwBitsMax = 64;

    /// <summary>
    /// The domain address width for a unit: the deepest SAGAW level not wider than 57 bits, capped at
    /// MGAW + 1. Throws when SAGAW offers no usable level (Linux then refuses the unit).
    /// </summary>
    public static int DomainAddressWidth(VtdCapability cap)
    {
        for (int agaw = VtdCapability.WidthToAgaw(DefaultDomainAddressWidth); agaw >= 0; agaw--)
        {
            if (cap.SupportsAgaw(agaw))
                return Math.Min(VtdCapability.AgawToWidth(agaw), cap.MaximumGuestAddressWidth);
        }
        throw new InvalidOperationException(
            $"VT-d CAP {cap} advertises no supported page-table depth (SAGAW = 0x{cap.SupportedAdjustedGuestAddressWidths:x})");
    }

    /// <summary>
    /// Why Linux would refuse a unit with this CAP (no SAGAW level it can use), or null. Host
    /// readers check it at load time so that no model meets such a unit later.
    /// </summary>
    internal static string? CapabilityProblem(VtdCapability cap)
    {
        for (int agaw = VtdCapability.WidthToAgaw(DefaultDomainAddressWidth); agaw >= 0; agaw--)
        {
            if (cap.SupportsAgaw(agaw))
                return null;
        }
        return $"SAGAW (bits 12:8) is 0x{cap.SupportedAdjustedGuestAddressWidths:x}: no page-table depth Linux can use";
    }

    /// <summary>
    /// The width of a VFIO/iommufd paging domain on <paramref name="unit"/>: VT-d's from CAP, AMD-Vi's
    /// v1 page table from EFR HATS (Linux 6.16 and later; earlier kernels gave every v1 domain the
    /// whole 64-bit space).
    /// </summary>
    public static int DomainAddressWidth(IommuUnit unit) =>
        unit.AmdVi is { } amd ? amd.DomainAddressWidth : DomainAddressWidth(unit.Capability);

    /// <summary>VFIO type1's VFIO_IOMMU_INFO_PGSIZES for a domain on <paramref name="unit"/>.</summary>
    public static ulong Type1PageSizes(IommuUnit unit) =>
        unit.IsAmdVi ? AmdViFeatures.PageSizes : Type1PageSizes(unit.Capability);

    /// <summary>Why Linux would not translate through an AMD-Vi unit with these features, or null.</summary>
    internal static string? AmdViProblem(AmdViFeatures amd) =>
        amd.HostTranslationDisabled ? "HATS (bits 11:10) is 3: Linux disables host address translation" : null;

    /// <summary>The second-stage domain aperture [0, 2^width − 1].</summary>
    public static IovaRange DomainAperture(VtdCapability cap)
    {
        int width = DomainAddressWidth(cap);
        return new IovaRange(0, width >= 64 ? ulong.MaxValue : (1UL << width) - 1);
    }

    /// <summary>Aperture minus every enforced reserved region (all but direct-relaxable).</summary>
    public static IReadOnlyList<IovaRange> UsableRanges(IovaRange aperture, IEnumerable<ReservedRegion> reserved) =>
        IovaRangeSet.Subtract(
            [aperture],
            reserved.Where(r => r.Type != ReservedRegionType.DirectRelaxable).Select(r => r.Range));

    /// <summary>QEMU's vfio_device_get_aw_bits over the usable ranges.</summary>
    public static int HostAwBits(IReadOnlyList<IovaRange> usableRanges)
    {
        if (usableRanges.Count == 0)
            return AwBitsMax;
        IovaRange last = IovaRangeSet.Normalize(usableRanges)[^1];
        return RangeGetLastBit(last.Start, last.Last) + 1;
    }

    /// <summary>
    /// QEMU's range_get_last_bit (include/qemu/range.h): -1 for an empty range (lob &gt; upb), else
    /// 63 − clz64(upb), the highest set bit of the inclusive upper bound; clz64(0) = 64, so [0, 0] is -1 too.
    /// </summary>
    public static int RangeGetLastBit(ulong lob, ulong upb) =>
        lob > upb ? -1 : 63 - BitOperations.LeadingZeroCount(upb);

    /// <summary>VFIO type1's VFIO_IOMMU_INFO_PGSIZES on VT-d: 4 KiB plus the second-stage large pages the unit has.</summary>
    public static ulong Type1PageSizes(VtdCapability cap) =>
        0x1000 | (cap.Supports2MiBPages ? 0x200000UL : 0) | (cap.Supports1GiBPages ? 0x40000000UL : 0);

    /// <summary>The full answer for the device at <paramref name="address"/>.</summary>
    /// <exception cref="InvalidOperationException">Unknown device, or one behind no IOMMU.</exception>
    public static DeviceIovaAnswer ForDevice(IHost host, PciHostAddress address)
    {
        HostPciDevice device = host.FindDevice(address)
            ?? throw new InvalidOperationException($"{host.Origin}: no PCI device {address}");
        if (device.IommuGroup is not { } group || device.IommuUnit is not { } unitName)
            throw new InvalidOperationException($"{host.Origin}: PCI device {address} is not behind an IOMMU (no iommu_group)");
        IommuUnit unit = host.FindIommuUnit(unitName)
            ?? throw new InvalidOperationException($"{host.Origin}: IOMMU unit '{unitName}' of {address} is not described");
        int width = DomainAddressWidth(unit);
        IovaRange aperture = new(0, width >= 64 ? ulong.MaxValue : (1UL << width) - 1);
        IReadOnlyList<IovaRange> usable = UsableRanges(aperture, host.GetReservedRegions(group));
        return new DeviceIovaAnswer(device, unit, width, aperture, usable, HostAwBits(usable));
    }
}
