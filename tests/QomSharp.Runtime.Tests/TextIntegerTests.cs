using QomSharp;

namespace QomSharp.Runtime.Tests;

/// <summary>
/// QEMU's qemu_strtou64/qemu_strtoi64 (strtoull/strtoll, base 0, whole string) at the edges of the
/// plain-decimal fast path: 19 digits, 20 digits, leading zeros (octal), signs, spaces, hex, overflow.
/// </summary>
public class TextIntegerTests
{
    [Theory]
    [InlineData("0", 0UL)]
    [InlineData("7", 7UL)]
    [InlineData("48", 48UL)]
    [InlineData("9999999999999999999", 9999999999999999999UL)] // 19 digits: the longest the fast path takes
    [InlineData("10000000000000000000", 10000000000000000000UL)] // 20 digits: checked per digit
    [InlineData("18446744073709551615", ulong.MaxValue)]
    [InlineData("010", 8UL)] // a leading zero means octal
    [InlineData("00", 0UL)]
    [InlineData("0x30", 48UL)]
    [InlineData("0XfF", 255UL)]
    [InlineData("0xffffffffffffffff", ulong.MaxValue)]
    [InlineData("01777777777777777777777", ulong.MaxValue)]
    [InlineData(" 48", 48UL)]
    [InlineData("+48", 48UL)]
    [InlineData("-1", ulong.MaxValue)] // strtoull wraps a negative value
    public void UnsignedValuesConvertAsStrtoull(string text, ulong expected)
    {
        Assert.True(QomValueText.TryParseUInt64(text, out ulong value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("18446744073709551616")] // 2^64
    [InlineData("99999999999999999999")]
    [InlineData("0x10000000000000000")]
    [InlineData("02000000000000000000000")]
    [InlineData("08")] // 8 is no octal digit
    [InlineData("48 ")]
    [InlineData("4a")]
    [InlineData("1234567890123456789x")]
    [InlineData("0x")]
    [InlineData("-")]
    public void UnsignedValuesRefusedAsQemuRefusesThem(string text) =>
        Assert.False(QomValueText.TryParseUInt64(text, out _));

    [Theory]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("1234567890123456789", 1234567890123456789L)]
    [InlineData("-010", -8L)]
    public void SignedValuesConvertAsStrtoll(string text, long expected)
    {
        Assert.True(QomValueText.TryParseInt64(text, out long value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    public void SignedOverflowIsRefused(string text) => Assert.False(QomValueText.TryParseInt64(text, out _));
}
