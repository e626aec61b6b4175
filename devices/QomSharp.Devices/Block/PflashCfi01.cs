using QomSharp.Qdev;

namespace QomSharp.Devices.Block;

/// <summary>
/// QEMU's <c>cfi.pflash01</c>: an Intel-style CFI parallel flash. Modelled as the PC machines make
/// it, with the machine, for their firmware (<c>system.flash0</c>, <c>system.flash1</c>); without a
/// block device named by <c>pflash0</c>/<c>pflash1</c> the board drops it unrealized, as QEMU does.
/// Block devices are not modelled, so no <c>drive</c> value is found.
/// </summary>
[QomType("cfi.pflash01")]
public sealed partial class PflashCfi01 : SysBusDevice
{
    /// <summary>QEMU's <c>num-blocks</c>.</summary>
    [QomProperty("num-blocks", Default = 0U)]
    public partial uint NumBlocks { get; set; }

    /// <summary>QEMU's <c>sector-length</c>: the size of one erase block.</summary>
    [QomProperty("sector-length", Default = 0UL)]
    public partial ulong SectorLength { get; set; }

    /// <summary>QEMU's <c>width</c>: the bank's width in bytes.</summary>
    [QomProperty("width", Default = (byte)0)]
    public partial byte Width { get; set; }

    /// <summary>QEMU's <c>device-width</c>.</summary>
    [QomProperty("device-width", Default = (byte)0)]
    public partial byte DeviceWidth { get; set; }

    /// <summary>QEMU's <c>max-device-width</c>.</summary>
    [QomProperty("max-device-width", Default = (byte)0)]
    public partial byte MaxDeviceWidth { get; set; }

    /// <summary>QEMU's <c>big-endian</c>.</summary>
    [QomProperty("big-endian", Default = false)]
    public partial bool BigEndian { get; set; }

    /// <summary>QEMU's <c>secure</c>.</summary>
    [QomProperty("secure", Default = false)]
    public partial bool Secure { get; set; }

    /// <summary>QEMU's <c>id0</c>.</summary>
    [QomProperty("id0", Default = (ushort)0)]
    public partial ushort Id0 { get; set; }

    /// <summary>QEMU's <c>id1</c>.</summary>
    [QomProperty("id1", Default = (ushort)0)]
    public partial ushort Id1 { get; set; }

    /// <summary>QEMU's <c>id2</c>.</summary>
    [QomProperty("id2", Default = (ushort)0)]
    public partial ushort Id2 { get; set; }

    /// <summary>QEMU's <c>id3</c>.</summary>
    [QomProperty("id3", Default = (ushort)0)]
    public partial ushort Id3 { get; set; }

    /// <summary>QEMU's <c>name</c>: the flash region's name.</summary>
    [QomProperty("name")]
    public partial string? FlashName { get; set; }

    /// <summary>QEMU's <c>old-multiple-chip-handling</c>.</summary>
    [QomProperty("old-multiple-chip-handling", Default = false)]
    public partial bool OldMultipleChipHandling { get; set; }

    [QomClassInit]
    private static void InitPflashCfi01Class(DeviceClass klass)
    {
        // A board's flash: -device cannot make one (QEMU's sysbus default).
        klass.UserCreatable = false;
        klass.Categories = DeviceCategories.Storage;

        // QEMU's drive property: a block node name or id; no block device exists here to be found.
        klass.AddProperty(new QomStringProperty("drive", static _ => null, static (o, v) =>
        {
            if (!string.IsNullOrEmpty(v))
            {
                throw new QomException($"Property '{o.TypeName}.drive' can't find value '{v}'");
            }
        }, description: "Node name or ID of a block device to use as a backend", isStatic: true));

        // QEMU's hash-table order (listings show it reversed).
        klass.SetPropertyIterationOrder("id1", "id0", "width", "device-width", "sector-length", "drive", "name", "old-multiple-chip-handling",
            "max-device-width", "num-blocks", "big-endian", "secure", "id2", "id3");
    }
}
