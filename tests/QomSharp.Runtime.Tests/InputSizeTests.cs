using QomSharp;
using static QomSharp.Runtime.Tests.Inputs;

namespace QomSharp.Runtime.Tests;

/// <summary>Semantics 2.8, size: qemu_strtosz on the string and keyval paths, uint64 on JSON.</summary>
public class InputSizeTests
{
    private const string NotASize = "Parameter 'size' expects a non-negative number below 2^64";

    [Theory]
    [InlineData("0", "0")]
    [InlineData("1024", "1024")]
    [InlineData("1b", "1")]
    [InlineData("1B", "1")]
    [InlineData("1k", "1024")]
    [InlineData("1K", "1024")]
    [InlineData("2M", "2097152")]
    [InlineData("2m", "2097152")]
    [InlineData("1G", "1073741824")]
    [InlineData("1g", "1073741824")]
    [InlineData("1T", "1099511627776")]
    [InlineData("1P", "1125899906842624")]
    [InlineData("1E", "1152921504606846976")]
    [InlineData("15E", "17293822569102704640")]
    [InlineData("1.5G", "1610612736")]
    [InlineData("1.5e", "1729382256910270464")] // 'e' is the exa suffix, not an exponent
    [InlineData("0.5k", "512")]
    [InlineData(".5k", "512")]
    [InlineData("1.k", "1024")] // a point without digits
    [InlineData("1.", "1")]
    [InlineData("1.0", "1")] // a zero fraction needs no suffix
    [InlineData("0.0005k", "1")] // 0.512 bytes rounds half up
    [InlineData("0.0004k", "0")] // 0.4096 bytes rounds down
    [InlineData(" 1k", "1024")]
    [InlineData("+1k", "1024")]
    [InlineData("0x10", "16")] // plain hex is an integer
    [InlineData("18446744073709551615", "18446744073709551615")]
    public void ValidSizes(string text, string expected)
    {
        Assert.Equal(expected, SetAndRead("size", StringPath, text));
        Assert.Equal(expected, SetAndRead("size", KeyvalPath, text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("k")]
    [InlineData("1.5")] // a fraction needs a scaling suffix
    [InlineData("1.5b")]
    [InlineData("1Z")] // unknown suffix
    [InlineData("1Gi")]
    [InlineData("1k ")]
    [InlineData("1e3")]
    [InlineData("0x10M")] // hex with a suffix
    [InlineData("0x1.8")] // hex with a fraction
    [InlineData("0x")]
    [InlineData("abc")]
    [InlineData(".")]
    public void InvalidSizes(string text)
    {
        var error = Fails("size", StringPath, text);
        Assert.Equal(NotASize, error.Message);
        Assert.Equal("Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\nand exabytes, respectively.\n", error.Hint);
        Assert.Equal("Parameter 'size' expects size", Fails("size", KeyvalPath, text).Message);
    }

    [Theory]
    [InlineData("16777216T")] // 2^64 exactly
    [InlineData("16E")]
    [InlineData("18446744073709551616")]
    [InlineData("99999999999999999999k")]
    [InlineData("-1")] // negative numbers are out of range (QEMU master's parse_uint)
    [InlineData("-1k")]
    [InlineData("-.5k")]
    public void OutOfRangeSizes(string text)
    {
        var error = Fails("size", StringPath, text);
        Assert.Equal($"Value '{text}' is out of range for parameter 'size'", error.Message);
        Assert.Null(error.Hint);
        Assert.Equal("Parameter 'size' expects size", Fails("size", KeyvalPath, text).Message);
    }

    [Fact]
    public void JsonSizeIsAnUnsignedInteger()
    {
        Assert.Equal("1024", SetAndRead("size", JsonPath, "1024"));
        Assert.Equal("18446744073709551615", SetAndRead("size", JsonPath, "-1"));
        Assert.Equal("Parameter 'size' expects uint64", Fails("size", JsonPath, "\"1k\"").Message);
        Assert.Equal("Parameter 'size' expects uint64", Fails("size", JsonPath, "1.5").Message);
    }

    [Fact]
    public void ValueTextHelpersAgree()
    {
        Assert.Equal(QomValueText.SizeResult.Ok, QomValueText.TryParseSize("4k", out ulong four));
        Assert.Equal(4096UL, four);
        Assert.Equal(QomValueText.SizeResult.OutOfRange, QomValueText.TryParseSize("16E", out _));
        Assert.Equal(QomValueText.SizeResult.Invalid, QomValueText.TryParseSize("4q", out _));
        Assert.Equal("Value '16E' is out of range for parameter 'mem'",
            Assert.Throws<QomException>(() => QomValueText.ParseOptionSize("mem", "16E")).Message);
    }
}
