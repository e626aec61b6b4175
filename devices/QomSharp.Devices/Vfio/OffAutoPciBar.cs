namespace QomSharp.Devices.Vfio;

/// <summary>QAPI's <c>OffAutoPCIBAR</c>: where vfio-pci relocates the MSI-X table.</summary>
[QomEnum("OffAutoPCIBAR")]
public enum OffAutoPciBar
{
    /// <summary><c>off</c>.</summary>
    Off,
    /// <summary><c>auto</c>.</summary>
    Auto,
    /// <summary><c>bar0</c>.</summary>
    [QomEnumValue("bar0")] Bar0,
    /// <summary><c>bar1</c>.</summary>
    [QomEnumValue("bar1")] Bar1,
    /// <summary><c>bar2</c>.</summary>
    [QomEnumValue("bar2")] Bar2,
    /// <summary><c>bar3</c>.</summary>
    [QomEnumValue("bar3")] Bar3,
    /// <summary><c>bar4</c>.</summary>
    [QomEnumValue("bar4")] Bar4,
    /// <summary><c>bar5</c>.</summary>
    [QomEnumValue("bar5")] Bar5,
}
