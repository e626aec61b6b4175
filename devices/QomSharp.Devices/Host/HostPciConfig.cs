using System;
using System.Collections.Generic;
using System.Linq;

namespace QomSharp.Devices.Host;

/// <summary>
/// What a host PCI function's configuration space says about it beyond its vendor and device ids:
/// the class code (class, subclass and programming interface, as sysfs' <c>class</c> file gives
/// it), revision, subsystem ids, interrupt pin, BARs and the size of its expansion ROM. vfio-pci
/// shows the guest these (QEMU reads them through the VFIO device).
/// </summary>
/// <param name="ClassCode">The 24-bit class code, e.g. <c>0x030200</c> for a 3D controller.</param>
/// <param name="Revision">The revision id.</param>
/// <param name="SubsystemVendorId">The subsystem vendor id.</param>
/// <param name="SubsystemId">The subsystem id.</param>
/// <param name="InterruptPin">The interrupt pin register: 0 for none, 1 to 4 for INTA to INTD.</param>
/// <param name="Bars">The implemented BARs, in index order.</param>
/// <param name="RomSize">The expansion ROM's size in bytes; 0 when the function has none.</param>
public sealed record HostPciConfig(
    uint ClassCode,
    byte Revision,
    ushort SubsystemVendorId,
    ushort SubsystemId,
    byte InterruptPin,
    IReadOnlyList<HostPciBar> Bars,
    ulong RomSize = 0)
{
    /// <summary>The smallest expansion ROM a function can decode (2 KiB).</summary>
    public const ulong MinRomSize = 2048;

    /// <summary>
    /// The capabilities the configuration space holds, in list order (standard ones, then extended
    /// ones); none when the description gives none.
    /// </summary>
    public IReadOnlyList<HostPciCapability> Capabilities { get; init; } = [];

    /// <summary>Whether the function has a PCI Express capability or extended capabilities (a 4 KiB configuration space).</summary>
    public bool HasExpressSpace => Capabilities.Any(c => c.IsExtended || c.Id == ExpressCapabilityId);

    // The PCI Express capability's id.
    private const int ExpressCapabilityId = 0x10;

    /// <summary>The class and subclass, as <c>query-pci</c> shows them (<c>0x0302</c>).</summary>
    public ushort ClassAndSubclass => (ushort)(ClassCode >> 8);

    /// <summary>What is wrong with this configuration, or null when a function could have it.</summary>
    public string? Problem()
    {
        if (ClassCode > 0xff_ffff)
        {
            return $"class 0x{ClassCode:x} does not fit 24 bits";
        }

        if (InterruptPin > 4)
        {
            return $"interrupt pin {InterruptPin} is not 0 (none) to 4 (INTD)";
        }

        if (RomSize != 0 && (RomSize < MinRomSize || (RomSize & (RomSize - 1)) != 0 || RomSize > 1UL << 31))
        {
            return $"ROM size 0x{RomSize:x} is not a power of two from 2 KiB to 2 GiB";
        }

        var taken = new bool[HostPciBar.Count];
        foreach (HostPciBar bar in Bars)
        {
            if (bar.Problem() is { } problem)
            {
                return $"BAR {bar.Index}: {problem}";
            }

            if (taken[bar.Index] || (bar.Is64Bit && taken[bar.Index + 1]))
            {
                return $"BAR {bar.Index} overlaps another BAR";
            }

            taken[bar.Index] = true;
            if (bar.Is64Bit)
            {
                taken[bar.Index + 1] = true;
            }
        }

        return HostPciCapability.ListProblem(Capabilities);
    }

    /// <summary>Whether <paramref name="other"/> describes the same configuration (BARs and capabilities compared in order).</summary>
    public bool Equals(HostPciConfig? other) =>
        other is not null && ClassCode == other.ClassCode && Revision == other.Revision && SubsystemVendorId == other.SubsystemVendorId
        && SubsystemId == other.SubsystemId && InterruptPin == other.InterruptPin && RomSize == other.RomSize && Bars.SequenceEqual(other.Bars)
        && Capabilities.SequenceEqual(other.Capabilities);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(ClassCode, Revision, SubsystemVendorId, SubsystemId, InterruptPin, RomSize, Bars.Count);
}
