using QomSharp.Generators.Parsing;

namespace QomSharp.Generators.Tests.Diagnostics;

/// <summary>The edit distance behind "did you mean": typos are found, unrelated names are not offered.</summary>
public sealed class NearestNameTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("addr", "addr", 0)]
    [InlineData("adr", "addr", 1)]
    [InlineData("pci-devcie", "pci-device", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("abc", "", 3)]
    public void Distance(string a, string b, int expected)
    {
        Assert.Equal(expected, NearestName.Distance(a, b));
        Assert.Equal(expected, NearestName.Distance(b, a));
    }

    [Fact]
    public void FindsTheClosestLikelyTypo() =>
        Assert.Equal("my-uart", NearestName.Find("my-uatr", ["my-iommu", "my-uart", "my-usb"]));

    [Fact]
    public void TiesGoToTheOrdinallySmallerName() =>
        Assert.Equal("bar", NearestName.Find("baz", ["bay", "bar"]));

    [Fact]
    public void OffersNothingWhenNoNameIsClose()
    {
        Assert.Null(NearestName.Find("bogus", ["addr", "multifunction", "realized"]));
        Assert.Null(NearestName.Find("ab", ["xy"]));
    }
}
