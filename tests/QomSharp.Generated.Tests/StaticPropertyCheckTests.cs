using QomSharp.Generated.Tests.Types;

namespace QomSharp.Generated.Tests;

/// <summary>A user's object refusing writes of its declared properties through BeforeStaticPropertySet.</summary>
public sealed class StaticPropertyCheckTests
{
    [Fact]
    public void WritesPassUncheckedUntilTheObjectAsks()
    {
        var guarded = new QomContext().New<E2eGuarded>();
        guarded.ParseProperty("width", "16");
        Assert.Equal(16U, guarded.Width);
        Assert.Equal(0, guarded.Checked);
    }

    [Fact]
    public void ObjectThatAsksIsCheckedAndItsValueStays()
    {
        var guarded = new QomContext().New<E2eGuarded>();
        guarded.Frozen = true;
        var error = Assert.Throws<QomException>(() => guarded.ParseProperty("width", "16"));
        Assert.Equal("Property 'width' is frozen", error.Message);
        Assert.Equal(8U, guarded.Width);
        Assert.Equal(1, guarded.Checked);

        guarded.Frozen = false;
        guarded.ParseProperty("width", "32");
        Assert.Equal(32U, guarded.Width);
        Assert.Equal(1, guarded.Checked);
    }
}
