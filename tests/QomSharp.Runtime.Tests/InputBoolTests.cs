using QomSharp;
using static QomSharp.Runtime.Tests.Inputs;

namespace QomSharp.Runtime.Tests;

/// <summary>Semantics 2.8, bool on the string, keyval and JSON paths.</summary>
public class InputBoolTests
{
    [Theory]
    [InlineData("on", "true")]
    [InlineData("yes", "true")]
    [InlineData("true", "true")]
    [InlineData("y", "true")]
    [InlineData("off", "false")]
    [InlineData("no", "false")]
    [InlineData("false", "false")]
    [InlineData("n", "false")]
    public void WordsOnStringAndKeyvalPaths(string word, string expected)
    {
        Assert.Equal(expected, SetAndRead("bv", StringPath, word));
        Assert.Equal(expected, SetAndRead("bv", KeyvalPath, word));
        // From true, so that "false" is an observable change.
        var obj = Kinds();
        obj.Bool = expected == "false";
        obj.SetPropertyValue("bv", Make(StringPath, word));
        Assert.Equal(expected == "true", obj.Bool);
    }

    [Theory]
    [InlineData("ON")] // case-sensitive
    [InlineData("On")]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("")]
    [InlineData("enabled")]
    [InlineData(" on")]
    public void OtherWordsFail(string word)
    {
        Assert.Equal("Parameter 'bv' expects 'on' or 'off'", Fails("bv", StringPath, word).Message);
        Assert.Equal("Parameter 'bv' expects 'on' or 'off'", Fails("bv", KeyvalPath, word).Message);
    }

    [Fact]
    public void JsonNeedsABoolean()
    {
        Assert.Equal("true", SetAndRead("bv", JsonPath, "true"));
        Assert.Equal("false", SetAndRead("bv", JsonPath, "false"));
        Assert.Equal("Invalid parameter type for 'bv', expected: boolean", Fails("bv", JsonPath, "\"on\"").Message);
        Assert.Equal("Invalid parameter type for 'bv', expected: boolean", Fails("bv", JsonPath, "1").Message);
        Assert.Equal("Invalid parameter type for 'bv', expected: boolean", Fails("bv", JsonPath, "null").Message);
    }

    [Fact]
    public void TypedSettersFollowTheJsonPath()
    {
        var obj = Kinds();
        obj.SetPropertyBool("bv", true);
        Assert.True(obj.GetPropertyBool("bv"));
        Assert.Equal("Invalid parameter type for 'bv', expected: boolean", Assert.Throws<QomException>(() => obj.SetPropertyInt("bv", 1)).Message);
        Assert.Equal("Invalid parameter type for 'bv', expected: boolean", Assert.Throws<QomException>(() => obj.SetPropertyString("bv", "on")).Message);
    }
}
