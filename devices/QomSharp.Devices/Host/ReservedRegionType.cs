using System;

namespace QomSharp.Devices.Host;

/// <summary>
/// Kinds of IOMMU reserved regions (Linux <c>enum iommu_resv_type</c>), named in sysfs
/// <c>reserved_regions</c> by the strings in <see cref="ReservedRegionTypes"/>.
/// </summary>
public enum ReservedRegionType
{
    /// <summary>Identity-mapped memory that must stay mapped (a VT-d RMRR): "direct".</summary>
    Direct,

    /// <summary>An RMRR the kernel lets go once a device is assigned (USB, graphics): "direct-relaxable".</summary>
    DirectRelaxable,

    /// <summary>Never usable for DMA: "reserved".</summary>
    Reserved,

    /// <summary>Hardware MSI doorbell window (on x86 0xfee00000–0xfeefffff): "msi".</summary>
    Msi,

    /// <summary>Software-managed MSI window (ARM); also printed "msi".</summary>
    SoftwareMsi,
}

/// <summary>Conversions between <see cref="ReservedRegionType"/> and the sysfs/JSON spelling.</summary>
public static class ReservedRegionTypes
{
    /// <summary>The type as sysfs <c>reserved_regions</c> and host JSON spell it (<c>direct</c>, <c>msi</c>, ...).</summary>
    public static string ToSysfsName(this ReservedRegionType type) => type switch
    {
        ReservedRegionType.Direct => "direct",
        ReservedRegionType.DirectRelaxable => "direct-relaxable",
        ReservedRegionType.Reserved => "reserved",
        ReservedRegionType.Msi or ReservedRegionType.SoftwareMsi => "msi",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Parses a sysfs type word. "msi" reads as hardware MSI since sysfs does not tell the two apart.</summary>
    public static bool TryParse(string text, out ReservedRegionType type)
    {
        switch (text)
        {
            case "direct": type = ReservedRegionType.Direct; return true;
            case "direct-relaxable": type = ReservedRegionType.DirectRelaxable; return true;
            case "reserved": type = ReservedRegionType.Reserved; return true;
            case "msi": type = ReservedRegionType.Msi; return true;
            default: type = default; return false;
        }
    }
}
