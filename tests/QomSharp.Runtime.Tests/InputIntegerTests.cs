using QomSharp;
using static QomSharp.Runtime.Tests.Inputs;

namespace QomSharp.Runtime.Tests;

/// <summary>Semantics 2.8, the integer kinds on the three paths, with QEMU's width checks.</summary>
public class InputIntegerTests
{
    [Theory]
    [InlineData("42", "42")]
    [InlineData("0x10", "16")]
    [InlineData("0X1f", "31")]
    [InlineData("010", "8")] // octal, as strtoll with base 0
    [InlineData("0", "0")]
    [InlineData(" \t42", "42")] // leading white space is skipped
    [InlineData("+5", "5")]
    [InlineData("-5", "-5")]
    [InlineData("-0x10", "-16")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    public void Int64OnStringAndKeyval(string text, string expected)
    {
        Assert.Equal(expected, SetAndRead("i64", StringPath, text));
        Assert.Equal(expected, SetAndRead("i64", KeyvalPath, text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("42 ")] // the whole string must be consumed
    [InlineData("08")]
    [InlineData("0x")]
    [InlineData("1.5")]
    [InlineData("1k")]
    [InlineData("- 5")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    public void BadInt64(string text)
    {
        Assert.Equal("Parameter 'i64' expects int64", Fails("i64", StringPath, text).Message);
        Assert.Equal("Parameter 'i64' expects integer", Fails("i64", KeyvalPath, text).Message);
    }

    [Theory]
    [InlineData("42", "42")]
    [InlineData("0xffffffffffffffff", "18446744073709551615")]
    [InlineData("18446744073709551615", "18446744073709551615")]
    [InlineData("-1", "18446744073709551615")] // strtoull wraps a negative value
    [InlineData("-18446744073709551615", "1")]
    [InlineData("017", "15")]
    public void UInt64OnStringAndKeyval(string text, string expected)
    {
        Assert.Equal(expected, SetAndRead("u64", StringPath, text));
        Assert.Equal(expected, SetAndRead("u64", KeyvalPath, text));
    }

    [Theory]
    [InlineData("18446744073709551616")]
    [InlineData("-18446744073709551616")]
    [InlineData("x")]
    [InlineData("")]
    [InlineData("1 ")]
    public void BadUInt64(string text)
    {
        Assert.Equal("Parameter 'u64' expects uint64", Fails("u64", StringPath, text).Message);
        Assert.Equal("Parameter 'u64' expects integer", Fails("u64", KeyvalPath, text).Message);
    }

    [Theory]
    [InlineData("u8", "255", "256", "uint8_t")]
    [InlineData("u16", "65535", "65536", "uint16_t")]
    [InlineData("u32", "4294967295", "4294967296", "uint32_t")]
    [InlineData("i8", "127", "128", "int8_t")]
    [InlineData("i8", "-128", "-129", "int8_t")]
    [InlineData("i16", "32767", "32768", "int16_t")]
    [InlineData("i16", "-32768", "-32769", "int16_t")]
    [InlineData("i32", "2147483647", "2147483648", "int32_t")]
    [InlineData("i32", "-2147483648", "-2147483649", "int32_t")]
    [InlineData("u8", "0", "-1", "uint8_t")] // -1 wraps to 2^64-1, then fails the width check
    public void WidthChecksOnEveryPath(string property, string edge, string beyond, string cType)
    {
        foreach (var path in new[] { StringPath, KeyvalPath, JsonPath })
        {
            Assert.Equal(edge, SetAndRead(property, path, edge));
            Assert.Equal($"Parameter '{property}' expects {cType}", Fails(property, path, beyond).Message);
        }
    }

    [Fact]
    public void NarrowSignedTypesAcceptBaseZeroText()
    {
        Assert.Equal("127", SetAndRead("i8", StringPath, "0x7f"));
        Assert.Equal("-8", SetAndRead("i16", KeyvalPath, "-010"));
        Assert.Equal("255", SetAndRead("u8", StringPath, "0377"));
    }

    [Fact]
    public void JsonSignedIntegers()
    {
        Assert.Equal("-7", SetAndRead("i64", JsonPath, "-7"));
        Assert.Equal("Invalid parameter type for 'i64', expected: integer", Fails("i64", JsonPath, "\"7\"").Message);
        Assert.Equal("Invalid parameter type for 'i64', expected: integer", Fails("i64", JsonPath, "1.5").Message);
        Assert.Equal("Invalid parameter type for 'i64', expected: integer", Fails("i64", JsonPath, "1.0").Message);
        Assert.Equal("Invalid parameter type for 'i64', expected: integer", Fails("i64", JsonPath, "true").Message);
        Assert.Equal("Invalid parameter type for 'i64', expected: integer", Fails("i64", JsonPath, "9223372036854775808").Message);
        Assert.Equal("Invalid parameter type for 'i32', expected: integer", Fails("i32", JsonPath, "null").Message);
    }

    [Fact]
    public void JsonUnsignedIntegersAcceptNegativeValuesByWrapping()
    {
        Assert.Equal("18446744073709551615", SetAndRead("u64", JsonPath, "18446744073709551615"));
        Assert.Equal("18446744073709551615", SetAndRead("u64", JsonPath, "-1"));
        Assert.Equal("9223372036854775808", SetAndRead("u64", JsonPath, "-9223372036854775808"));
        Assert.Equal("Parameter 'u64' expects uint64", Fails("u64", JsonPath, "18446744073709551616").Message);
        Assert.Equal("Parameter 'u64' expects uint64", Fails("u64", JsonPath, "\"1\"").Message);
        Assert.Equal("Parameter 'u64' expects uint64", Fails("u64", JsonPath, "1.0").Message);
        Assert.Equal("Parameter 'u64' expects uint64", Fails("u64", JsonPath, "false").Message);
        Assert.Equal("Parameter 'u32' expects uint64", Fails("u32", JsonPath, "\"1\"").Message);
    }

    [Fact]
    public void TypedSettersFollowTheJsonPath()
    {
        var obj = Kinds();
        obj.SetPropertyInt("i8", -3);
        Assert.Equal(-3, obj.I8);
        obj.SetPropertyUInt("u64", ulong.MaxValue);
        Assert.Equal(ulong.MaxValue, obj.U64);
        obj.SetPropertyInt("u64", -2); // set_int on an unsigned property wraps, as QEMU does
        Assert.Equal(ulong.MaxValue - 1, obj.U64);
        Assert.Equal("Parameter 'u8' expects uint8_t", Assert.Throws<QomException>(() => obj.SetPropertyInt("u8", -1)).Message);
        Assert.Equal("Invalid parameter type for 'i64', expected: integer", Assert.Throws<QomException>(() => obj.SetPropertyUInt("i64", ulong.MaxValue)).Message);
        obj.SetPropertyUInt("i64", 5);
        Assert.Equal(5, obj.I64);
        Assert.Equal("Invalid parameter type for 'i64', expected: integer", Assert.Throws<QomException>(() => obj.SetPropertyString("i64", "5")).Message);
    }
}
