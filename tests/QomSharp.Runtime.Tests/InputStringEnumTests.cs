using QomSharp;
using static QomSharp.Runtime.Tests.Inputs;

namespace QomSharp.Runtime.Tests;

/// <summary>Semantics 2.8, strings and enums on the three paths.</summary>
public class InputStringEnumTests
{
    [Theory]
    [InlineData("")]
    [InlineData("Hiss hiss hiss")]
    [InlineData("42")]
    [InlineData("on")]
    public void StringsAreTakenVerbatimFromText(string text)
    {
        string json = System.Text.Json.JsonSerializer.Serialize(text);
        Assert.Equal(json, SetAndRead("sv", StringPath, text));
        Assert.Equal(json, SetAndRead("sv", KeyvalPath, text));
        Assert.Equal(json, SetAndRead("sv", JsonPath, json));
    }

    [Theory]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    public void JsonStringMustBeAString(string json)
    {
        Assert.Equal("Invalid parameter type for 'sv', expected: string", Fails("sv", JsonPath, json).Message);
    }

    [Theory]
    [InlineData("frog")]
    [InlineData("alligator")]
    [InlineData("platypus")]
    public void EnumMembersOnEveryPath(string member)
    {
        Assert.Equal($"\"{member}\"", SetAndRead("av", StringPath, member));
        Assert.Equal($"\"{member}\"", SetAndRead("av", KeyvalPath, member));
        Assert.Equal($"\"{member}\"", SetAndRead("av", JsonPath, $"\"{member}\""));
    }

    [Theory]
    [InlineData("yeti")]
    [InlineData("Frog")] // exact names only
    [InlineData("")]
    [InlineData("1")]
    public void UnknownEnumMember(string text)
    {
        string expected = $"Parameter 'av' does not accept value '{text}'";
        Assert.Equal(expected, Fails("av", StringPath, text).Message);
        Assert.Equal(expected, Fails("av", KeyvalPath, text).Message);
        Assert.Equal(expected, Fails("av", JsonPath, System.Text.Json.JsonSerializer.Serialize(text)).Message);
    }

    [Fact]
    public void JsonEnumMustBeAString()
    {
        Assert.Equal("Invalid parameter type for 'av', expected: string", Fails("av", JsonPath, "1").Message);
    }

    [Fact]
    public void EnumReadsAsItsMemberName()
    {
        var obj = Kinds();
        obj.Animal = Animal.Alligator;
        Assert.Equal("alligator", obj.GetPropertyString("av"));
        Assert.Equal("DummyAnimal", obj.FindProperty("av")!.Type);
    }
}
