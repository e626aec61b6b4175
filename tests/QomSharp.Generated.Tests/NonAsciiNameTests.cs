using System;
using QomSharp.Generated.Tests.Types;

namespace QomSharp.Generated.Tests;

/// <summary>A generated module's index finds names that are not ASCII (after a legacy name's '+').</summary>
public sealed class NonAsciiNameTests
{
    public static TheoryData<string> Names => new()
    {
        "Sun-UltraSparc-IIIi+\u00e4",
        "Sun-UltraSparc-IIIi+\U0001F600",
        "Sun-UltraSparc-IIIi+\ufb00",
        "Sun-UltraSparc-IIIi+z",
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryNameIsFoundAndNamesItsType(string name)
    {
        var context = new QomContext();
        var type = context.FindType(name);
        Assert.NotNull(type);
        Assert.Equal(name, type.Name);
        Assert.Equal(name, context.GetClass(name).Name);
        Assert.Equal(name, context.New(name.AsSpan()).TypeName);
    }

    [Fact]
    public void TypedNewFindsTheName()
    {
        Assert.Equal("Sun-UltraSparc-IIIi+\U0001F600", new QomContext().New<NonAsciiAstral>().TypeName);
    }

    [Theory]
    [InlineData("Sun-UltraSparc-IIIi+")]
    [InlineData("Sun-UltraSparc-IIIi+\u00e5")]
    [InlineData("Sun-UltraSparc-IIIi+\u00e4\u00e4")]
    [InlineData("Sun-UltraSparc-IIIi+\U0001F601")]
    public void NeighboursAreNotFound(string name) => Assert.Null(new QomContext().FindType(name));
}
