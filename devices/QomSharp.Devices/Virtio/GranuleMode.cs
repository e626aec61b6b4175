namespace QomSharp.Devices.Virtio;

/// <summary>QAPI's <c>GranuleMode</c>: the smallest page size virtio-iommu offers the guest.</summary>
[QomEnum("GranuleMode")]
public enum GranuleMode
{
    /// <summary><c>4k</c>.</summary>
    [QomEnumValue("4k")] Size4K,
    /// <summary><c>8k</c>.</summary>
    [QomEnumValue("8k")] Size8K,
    /// <summary><c>16k</c>.</summary>
    [QomEnumValue("16k")] Size16K,
    /// <summary><c>64k</c>.</summary>
    [QomEnumValue("64k")] Size64K,
    /// <summary><c>host</c>: the host's page size.</summary>
    Host,
}
