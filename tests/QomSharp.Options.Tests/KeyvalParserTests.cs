using System;
using QomSharp;
using QomSharp.Options;

namespace QomSharp.Options.Tests;

/// <summary>The keyval grammar, after QEMU's tests/unit/test-keyval.c (parse cases).</summary>
public class KeyvalParserTests
{
    private static string ParseToJson(string input, string? impliedKey = null) =>
        KeyvalParser.Parse(input, impliedKey).Root.ToJson();

    private static string ParseError(string input, string? impliedKey = null, bool allowHelp = false) =>
        Assert.Throws<QomException>(() => KeyvalParser.Parse(input, impliedKey, allowHelp)).Message;

    [Fact]
    public void EmptyInputIsAnEmptyDictionary()
    {
        KeyvalResult result = KeyvalParser.Parse("");
        Assert.Empty(result.Root);
        Assert.False(result.HelpRequested);
    }

    [Theory]
    [InlineData("=val", "Invalid parameter ''")]
    [InlineData(".", "Invalid parameter '.'")]
    [InlineData("key.", "Invalid parameter 'key.'")]
    [InlineData("7up=val", "Invalid parameter '7up'")]
    [InlineData("key[0]=val", "Invalid parameter 'key[0]'")]
    [InlineData("a.0b=1", "Invalid parameter 'a.0b'")]
    [InlineData("a.-1=x", "Invalid parameter 'a.-1'")]
    [InlineData("a..b=x", "Invalid parameter 'a..b'")]
    [InlineData("0=1", "Invalid parameter '0'")]
    [InlineData(",", "Invalid parameter ''")]
    public void MalformedKeysAreRejected(string input, string expected)
    {
        Assert.Equal(expected, ParseError(input));
    }

    [Fact]
    public void DoubledCommaAtTheEndOfAValueIsAnEscapeNotAnEmptyElement()
    {
        Assert.Equal("{\"a\":\"1,\"}", ParseToJson("a=1,,"));
        Assert.Equal("{\"a\":\"1,\"}", ParseToJson("a=1,,,"));
    }

    [Fact]
    public void KeysLongerThan127CharactersAreRejected()
    {
        string overlong = new string('a', 127) + "z";
        Assert.Equal($"Parameter '{overlong}' is too long", ParseError(overlong + "=v"));
        Assert.Equal($"Parameter fragment '{overlong}' is too long", ParseError("k." + overlong + "=v"));
        Assert.Equal($"Parameter fragment '{overlong}' is too long", ParseError(overlong + ".k=v"));
    }

    [Fact]
    public void KeysOf127CharactersAreAccepted()
    {
        string longKey = new string('a', 126) + "z";
        Assert.Equal("v", KeyvalParser.Parse(longKey + "=v").Root.GetString(longKey));
        KeyvalDict? nested = KeyvalParser.Parse("k." + longKey + "=v").Root.GetDict("k");
        Assert.NotNull(nested);
        Assert.Equal("v", nested.GetString(longKey));
    }

    [Fact]
    public void LastOccurrenceWinsAndDoubledCommaEscapesAComma()
    {
        Assert.Equal("{\"a\":\"3\",\"b\":\"2,x\"}", ParseToJson("a=1,b=2,,x,a=3"));
        Assert.Equal("{\"id\":\"bar\"}", ParseToJson("id=foo,id=bar"));
    }

    [Fact]
    public void KeysKeepTheOrderOfTheirFirstOccurrence()
    {
        KeyvalDict root = KeyvalParser.Parse("b=1,a=2,b=3").Root;
        Assert.Equal(new[] { "b", "a" }, root.Keys.ToArray());
        Assert.Equal("3", root.GetString("b"));
    }

    [Fact]
    public void DottedKeysBuildNestedDictionaries()
    {
        Assert.Equal("{\"a\":{\"b\":{\"c\":\"2\"}},\"d\":\"3\"}", ParseToJson("a.b.c=1,a.b.c=2,d=3"));
    }

    [Theory]
    [InlineData("a.b=1,a=2", "Parameters 'a.*' used inconsistently")]
    [InlineData("a=1,a.b=2", "Parameters 'a.*' used inconsistently")]
    [InlineData("a.b=1,a.b.c=2", "Parameters 'a.b.*' used inconsistently")]
    [InlineData("x.y.z=1,x.y=2", "Parameters 'x.y.*' used inconsistently")]
    public void AKeyCannotBeBothAValueAndADictionary(string input, string expected)
    {
        Assert.Equal(expected, ParseError(input));
    }

    [Fact]
    public void TrailingCommaIsIgnored()
    {
        Assert.Equal("{\"x\":\"y\"}", ParseToJson("x=y,"));
    }

    [Fact]
    public void EscapedCommaHidesAnIdFromTheParser()
    {
        Assert.Equal("{\"x\":\",id=bar\"}", ParseToJson("x=,,id=bar"));
    }

    [Fact]
    public void IdsAreNotCheckedByKeyval()
    {
        Assert.Equal("{\"id\":\"666\"}", ParseToJson("id=666"));
    }

    [Fact]
    public void EmptyValueIsAllowed()
    {
        Assert.Equal("{\"a\":{\"b\":\"\"}}", ParseToJson("a.b="));
    }

    [Theory]
    [InlineData("an,noaus,noaus=", "Expected '=' after parameter 'an'")]
    [InlineData("no", "Expected '=' after parameter 'no'")]
    [InlineData("a.b=1,a.b", "Expected '=' after parameter 'a.b'")]
    [InlineData("a=1,a.b", "Parameters 'a.*' used inconsistently")]
    public void BareNamesAreNotBooleansWithoutAnImpliedKey(string input, string expected)
    {
        Assert.Equal(expected, ParseError(input));
    }

    [Fact]
    public void ImpliedKeyTakesTheFirstBareValue()
    {
        Assert.Equal("{\"implied\":\"an\",\"aus\":\"off\",\"noaus\":\"\"}", ParseToJson("an,aus=off,noaus=", "implied"));
    }

    [Fact]
    public void ImpliedKeyMayBeDotted()
    {
        Assert.Equal("{\"eins\":{\"zwei\":\"val\"}}", ParseToJson("val", "eins.zwei"));
    }

    [Fact]
    public void OnlyTheFirstElementMayUseTheImpliedKey()
    {
        Assert.Equal("Expected '=' after parameter 'val'", ParseError("a=1,val", "implied"));
    }

    [Theory]
    [InlineData(",")]
    [InlineData(",,,a=1")]
    [InlineData("val,,ue")]
    [InlineData("=val")]
    public void ImpliedValueCannotBeEmptyOrContainACommaOrStartWithEquals(string input)
    {
        Assert.Equal("Invalid parameter ''", ParseError(input, "implied"));
    }

    [Fact]
    public void AnInvalidImpliedKeyIsAProgrammingError()
    {
        Assert.Throws<ArgumentException>(() => KeyvalParser.Parse("val", "7up"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("implied")]
    public void BareHelpRequestsHelp(string? impliedKey)
    {
        KeyvalResult result = KeyvalParser.Parse("help", impliedKey, allowHelp: true);
        Assert.True(result.HelpRequested);
        Assert.Empty(result.Root);

        KeyvalResult question = KeyvalParser.Parse("?", impliedKey, allowHelp: true);
        Assert.True(question.HelpRequested);
        Assert.Empty(question.Root);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("implied")]
    public void HelpIsAnErrorWhenTheCallerHasNone(string? impliedKey)
    {
        Assert.Equal("Help is not available for this option", ParseError("help", impliedKey));
        Assert.Equal("Help is not available for this option", ParseError("a=1,?", impliedKey));
    }

    [Fact]
    public void HelpWithAValueIsAnOrdinaryKey()
    {
        KeyvalResult result = KeyvalParser.Parse("help=on", null, allowHelp: true);
        Assert.False(result.HelpRequested);
        Assert.Equal("{\"help\":\"on\"}", result.Root.ToJson());
    }

    [Fact]
    public void HelpFollowedByMoreIsNotHelp()
    {
        Assert.Equal("Expected '=' after parameter 'help.abc'", ParseError("help.abc", null, allowHelp: true));
        Assert.Equal("Expected '=' after parameter 'helpme'", ParseError("helpme", null, allowHelp: true));

        KeyvalResult implied = KeyvalParser.Parse("help.abc", "implied", allowHelp: true);
        Assert.False(implied.HelpRequested);
        Assert.Equal("{\"implied\":\"help.abc\"}", implied.Root.ToJson());
    }

    [Fact]
    public void HelpAmongOtherElementsKeepsThem()
    {
        KeyvalResult plain = KeyvalParser.Parse("number=42,help,foo=bar", null, allowHelp: true);
        Assert.True(plain.HelpRequested);
        Assert.Equal("{\"number\":\"42\",\"foo\":\"bar\"}", plain.Root.ToJson());

        KeyvalResult implied = KeyvalParser.Parse("val,help,foo=bar", "implied", allowHelp: true);
        Assert.True(implied.HelpRequested);
        Assert.Equal("{\"implied\":\"val\",\"foo\":\"bar\"}", implied.Root.ToJson());
    }

    [Fact]
    public void HelpAsFirstElementUsesUpTheImpliedKey()
    {
        Assert.Equal("Expected '=' after parameter 'val'", ParseError("help,val", "implied", allowHelp: true));
    }

    [Fact]
    public void SyntaxErrorsWinOverMissingHelpAndHelpWinsOverListErrors()
    {
        Assert.Equal("Invalid parameter '7up'", ParseError("help,7up=1"));
        Assert.Equal("Help is not available for this option", ParseError("list.1=x,help"));
    }

    [Fact]
    public void DownstreamPrefixedNamesAreAccepted()
    {
        Assert.Equal("{\"__org.qemu_foo\":\"1\"}", ParseToJson("__org.qemu_foo=1"));
        Assert.Equal("{\"a\":{\"__com.example_x-y\":{\"b\":\"2\"}}}", ParseToJson("a.__com.example_x-y.b=2"));
    }

    [Theory]
    [InlineData("__org=1")]
    [InlineData("_x=1")]
    [InlineData("__org.qemu_=1")]
    [InlineData("__org.qemu_7=1")]
    public void MalformedDownstreamPrefixesAreRejected(string input)
    {
        Assert.Equal($"Invalid parameter '{input[..input.IndexOf('=')]}'", ParseError(input));
    }

    [Fact]
    public void NamesMayContainDashesUnderscoresAndDigitsAfterTheFirstLetter()
    {
        Assert.Equal("{\"x-a_1\":\"v\"}", ParseToJson("x-a_1=v"));
    }

    [Fact]
    public void KeysDeeperThanTheLimitAreInvalidParametersNotAStackOverflow()
    {
        string deepest = string.Join('.', System.Linq.Enumerable.Repeat("a", KeyvalParser.MaxDepth));
        Assert.Equal(KeyvalParser.MaxDepth - 1, ParseToJson(deepest + "=1").Split('{').Length - 2);
        string tooDeep = string.Join('.', System.Linq.Enumerable.Repeat("a", 12000));
        var failure = Assert.Throws<QomException>(() => KeyvalParser.Parse(tooDeep + "=1"));
        Assert.Equal($"Invalid parameter '{tooDeep}'", failure.Message);
    }
}
