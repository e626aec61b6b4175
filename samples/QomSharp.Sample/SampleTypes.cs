namespace QomSharp.Sample;

/// <summary>A QOM interface: anything that can report a level.</summary>
[QomInterface("sample-leveled")]
public interface ILeveled
{
    int Level { get; }
}

/// <summary>An abstract base type with a string property.</summary>
[QomType("sample-base", Abstract = true)]
public abstract partial class SampleBase : QomObject
{
    [QomProperty("label", Description = "A free-form label")]
    public partial string? Label { get; set; }
}

/// <summary>The IOMMU address-width modes of the sample.</summary>
[QomEnum("SampleMode")]
public enum SampleMode
{
    Legacy,
    Scalable,
}

/// <summary>A concrete type with typed properties, a link and a child.</summary>
[QomType("sample-iommu")]
public sealed partial class SampleIommu : SampleBase, ILeveled
{
    [QomProperty("aw-bits", Default = 39, Description = "Address width in bits")]
    public partial byte AwBits { get; set; }

    [QomProperty("caching-mode", Default = false)]
    public partial bool CachingMode { get; set; }

    [QomProperty("mode", Default = SampleMode.Legacy)]
    public partial SampleMode Mode { get; set; }

    [QomLink("peer")]
    public partial SampleIommu? Peer { get; set; }

    public int Level => AwBits;
}
