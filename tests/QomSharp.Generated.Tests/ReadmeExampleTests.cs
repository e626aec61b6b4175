using QomSharp;

namespace QomSharp.Generated.Tests;

/// <summary>The example of README.md, compiled and run as written there.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void TheReadmeExampleBehavesAsItSays()
    {
        var iommu = QomContext.Default.New("my-iommu");
        iommu.ParseProperty("aw-bits", "48");
        var error = Assert.Throws<QomException>(() => iommu.ParseProperty("aw-bits", "300"));
        Assert.Equal("Parameter 'aw-bits' expects uint8_t", error.Message);
        Assert.Equal("\"legacy\"", iommu.GetPropertyValue("mode")!.ToJsonString());
        Assert.Equal(48, ((MyIommu)iommu).AwBits);
        Assert.Equal("Address width in bits", iommu.FindProperty("aw-bits")!.Description);
        iommu.Unref();
    }
}

[QomEnum("IommuMode")]
public enum IommuMode
{
    Legacy,
    Scalable,
}

[QomType("my-iommu")]
public sealed partial class MyIommu : QomObject
{
    [QomProperty("aw-bits", Default = 39, Description = "Address width in bits")]
    public partial byte AwBits { get; set; }

    [QomProperty("mode", Default = IommuMode.Legacy)]
    public partial IommuMode Mode { get; set; }
}
