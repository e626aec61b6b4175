namespace QomSharp.Devices.Host;

/// <summary>A reserved region of an IOMMU group: an inclusive address range plus its kind.</summary>
public sealed record ReservedRegion(IovaRange Range, ReservedRegionType Type)
{
    /// <summary>A region of kind <paramref name="type"/> covering [<paramref name="start"/>, <paramref name="last"/>].</summary>
    public ReservedRegion(ulong start, ulong last, ReservedRegionType type)
        : this(new IovaRange(start, last), type)
    {
    }

    /// <summary>One line of sysfs <c>reserved_regions</c>: <c>0x%016llx 0x%016llx type</c>.</summary>
    public string ToSysfsLine() => $"0x{Range.Start:x16} 0x{Range.Last:x16} {Type.ToSysfsName()}";
}
