namespace QomSharp.Devices.Pci;

/// <summary>QAPI's <c>PCIELinkWidth</c>: a link width in lanes.</summary>
[QomEnum("PCIELinkWidth")]
public enum PcieLinkWidth
{
    /// <summary>x1.</summary>
    [QomEnumValue("1")] X1,
    /// <summary>x2.</summary>
    [QomEnumValue("2")] X2,
    /// <summary>x4.</summary>
    [QomEnumValue("4")] X4,
    /// <summary>x8.</summary>
    [QomEnumValue("8")] X8,
    /// <summary>x12.</summary>
    [QomEnumValue("12")] X12,
    /// <summary>x16.</summary>
    [QomEnumValue("16")] X16,
    /// <summary>x32.</summary>
    [QomEnumValue("32")] X32,
}
