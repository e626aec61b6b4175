using System.Collections.Generic;
using System.Text;
using QomSharp.Json;

namespace QomSharp.Runtime.Tests;

/// <summary>QEMU's JSON lexer, streamer and parser: grammar, strings, recovery and limits.</summary>
public class QemuJsonStreamTests
{
    [Theory]
    [InlineData("""{"a": 'single', "b": [1, -2.5e3, true, null]}""", """{"a":"single","b":[1,-2.5e3,true,null]}""")]
    [InlineData("""["\ud83d\ude00", "\u0000", "\/"]""", "[\"\U0001F600\",\"\\u0000\",\"/\"]")]
    public void ValuesAreRebuiltAsStandardJson(string input, string expected)
    {
        var result = QemuJsonStream.ParseOne(input);
        Assert.Null(result.Error);
        Assert.Equal(expected, result.Value.GetRawText().Replace("\\uD83D\\uDE00", "\U0001F600"));
    }

    [Theory]
    [InlineData("""{"\ud800": 1}""", "JSON parse error, \\ud800 is not a valid Unicode character")]
    [InlineData("""["\udc00"]""", "JSON parse error, \\udc00 is not a valid Unicode character")]
    [InlineData("""["\uffff"]""", "JSON parse error, \\uffff is not a valid Unicode character")]
    [InlineData("""["\ufdd0"]""", "JSON parse error, \\ufdd0 is not a valid Unicode character")]
    [InlineData("""["\u12"]""", "JSON parse error, \\u12\" is not a valid Unicode character")]
    [InlineData("""{"a":1,"a":2}""", "JSON parse error, duplicate key")]
    [InlineData("""{"a" 1}""", "JSON parse error, missing : in object pair")]
    [InlineData("""{1:2}""", "JSON parse error, key is not a string in object")]
    [InlineData("""[1 2]""", "JSON parse error, expected separator in list")]
    [InlineData("""{"a":1 "b":2}""", "JSON parse error, expected separator in dict")]
    [InlineData("""[nul]""", "JSON parse error, invalid keyword 'nul'")]
    [InlineData("""["\x"]""", "JSON parse error, invalid escape sequence in string")]
    [InlineData("""{"a":01}""", "JSON parse error, stray '01'")]
    [InlineData("{\"a\"", "JSON parse error, premature EOI")]
    [InlineData("""{} {}""", "Expecting at most one JSON value")]
    [InlineData("", "JSON parse error, expecting value")]
    public void ErrorsAreQemus(string input, string error) => Assert.Equal(error, QemuJsonStream.ParseOne(input).Error);

    [Fact]
    public void InvalidUtf8InAStringIsRefused()
    {
        var stream = new QemuJsonStream();
        stream.Feed([(byte)'"', 0xC3, 0x28, (byte)'"']);
        Assert.Equal("JSON parse error, invalid UTF-8 sequence in string", Drain(stream)[0]);
    }

    [Fact]
    public void AfterAnErrorTheLexerResynchronisesAtTheNextStructuralCharacter()
    {
        Assert.Equal(["JSON parse error, stray '1.}'", "value"], Drain(Fed("1.} {\"a\":1}")));
        Assert.Equal(["JSON parse error, stray '01'", "JSON parse error, expecting value"], Drain(Fed("{\"a\":01}")));
    }

    [Fact]
    public void NestingDeeperThanTheLimitIsRefusedAtTheBracketThatExceedsIt()
    {
        Assert.Equal(["value"], Drain(Fed(new string('[', QemuJsonLimits.MaxNesting) + new string(']', QemuJsonLimits.MaxNesting))));
        var results = Drain(Fed(new string('[', QemuJsonLimits.MaxNesting + 1)));
        Assert.Equal(["JSON nesting depth limit exceeded"], results);
    }

    [Fact]
    public void AValueLargerThanTheTokenSizeLimitIsRefusedAndMemoryIsNotKept()
    {
        var stream = new QemuJsonStream();
        stream.Feed(Encoding.ASCII.GetBytes("[\""));
        var chunk = new byte[1 << 20];
        System.Array.Fill(chunk, (byte)'a');
        for (int i = 0; i < 65; i++)
        {
            stream.Feed(chunk);
        }

        stream.Feed(Encoding.ASCII.GetBytes("\"]\n{\"ok\": 1}"));
        var results = Drain(stream);
        Assert.Equal("JSON token size limit exceeded", results[0]);
        Assert.Equal("value", results[^1]);
    }

    [Fact]
    public void TooManyTokensInOneValueAreRefused()
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < QemuJsonLimits.MaxTokenCount / 2; i++)
        {
            text.Append("1,");
        }

        text.Append("1]");
        Assert.Contains("JSON token count limit exceeded", Drain(Fed(text.ToString())));
    }

    private static QemuJsonStream Fed(string text)
    {
        var stream = new QemuJsonStream();
        stream.Feed(Encoding.UTF8.GetBytes(text));
        return stream;
    }

    private static List<string> Drain(QemuJsonStream stream)
    {
        var results = new List<string>();
        while (stream.TryTake(out var result))
        {
            results.Add(result.Error ?? "value");
        }

        return results;
    }
}
