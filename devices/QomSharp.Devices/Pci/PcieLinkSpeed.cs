namespace QomSharp.Devices.Pci;

/// <summary>QAPI's <c>PCIELinkSpeed</c>: a link speed in GT/s.</summary>
[QomEnum("PCIELinkSpeed")]
public enum PcieLinkSpeed
{
    /// <summary>2.5 GT/s.</summary>
    [QomEnumValue("2_5")] Speed2_5,
    /// <summary>5 GT/s.</summary>
    [QomEnumValue("5")] Speed5,
    /// <summary>8 GT/s.</summary>
    [QomEnumValue("8")] Speed8,
    /// <summary>16 GT/s.</summary>
    [QomEnumValue("16")] Speed16,
    /// <summary>32 GT/s.</summary>
    [QomEnumValue("32")] Speed32,
    /// <summary>64 GT/s.</summary>
    [QomEnumValue("64")] Speed64,
}
