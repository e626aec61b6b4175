using QomSharp;
using QomSharp.Options;

namespace QomSharp.Options.Tests;

/// <summary>Index keys turning dictionaries into lists, after test-keyval.c's list cases.</summary>
public class KeyvalListTests
{
    private static string ParseToJson(string input) => KeyvalParser.Parse(input).Root.ToJson();

    private static string ParseError(string input) =>
        Assert.Throws<QomException>(() => KeyvalParser.Parse(input)).Message;

    [Fact]
    public void ElementsNeedNotBeInOrder()
    {
        KeyvalList? list = KeyvalParser.Parse("list.0=null,list.2=zwei,list.1=eins").Root.GetList("list");
        Assert.NotNull(list);
        Assert.Equal(new[] { "null", "eins", "zwei" }, list.Cast<KeyvalString>().Select(item => item.Value).ToArray());
    }

    [Fact]
    public void RepeatedIndicesLastOneWins()
    {
        Assert.Equal("{\"list\":[\"null\",\"eins\",\"zwei\"]}", ParseToJson("list.1=goner,list.0=null,list.01=eins,list.2=zwei"));
    }

    [Fact]
    public void ListsMayBeNested()
    {
        Assert.Equal("{\"a\":{\"list\":[\"null\",\"eins\",\"zwei\"]}}", ParseToJson("a.list.1=eins,a.list.00=null,a.list.2=zwei"));
        Assert.Equal("{\"a\":[\"\",\"I\",[\"II\"]]}", ParseToJson("a.0=,a.1=I,a.2.0=II"));
        Assert.Equal("{\"a\":[\"\"],\"b\":[[\"head\"]]}", ParseToJson("a.0=,b.0.0=head"));
        Assert.Equal("{\"a\":[{\"x\":\"1\",\"y\":\"2\"}]}", ParseToJson("a.0.x=1,a.0.y=2"));
    }

    [Theory]
    [InlineData("a.b.c=1,a.b.0=2", "Parameters 'a.b.*' used inconsistently")]
    [InlineData("a.0.c=1,a.b.c=2", "Parameters 'a.*' used inconsistently")]
    [InlineData("a.0=1,a.x=2", "Parameters 'a.*' used inconsistently")]
    public void IndicesAndNamesCannotMix(string input, string expected)
    {
        Assert.Equal(expected, ParseError(input));
    }

    [Theory]
    [InlineData("list.1=lonely", "Parameter 'list.0' missing")]
    [InlineData("list.0=null,list.2=eins,list.02=zwei", "Parameter 'list.1' missing")]
    [InlineData("a.b.0=x,a.b.2=y", "Parameter 'a.b.1' missing")]
    [InlineData("a.99999999999999999999=x", "Parameter 'a.0' missing")]
    [InlineData("a.0=x,a.2147483647=y", "Parameter 'a.1' missing")]
    public void IndicesMustNotHaveGaps(string input, string expected)
    {
        Assert.Equal(expected, ParseError(input));
    }

    [Fact]
    public void InnerErrorsAreFoundBeforeOuterOnes()
    {
        // The inner list is checked first, so its gap is reported, not the outer mix.
        Assert.Equal("Parameter 'a.0.1' missing", ParseError("a.0.2=x,a.0.0=y,a.1=z"));
    }
}
