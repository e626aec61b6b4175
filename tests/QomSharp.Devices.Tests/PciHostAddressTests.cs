using System;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Tests;

public class PciHostAddressTests
{
    [Theory]
    [InlineData("0000:01:00.0", 0, 1, 0, 0, "0000:01:00.0")]
    [InlineData("01:00.0", 0, 1, 0, 0, "0000:01:00.0")]
    [InlineData("ffff:ff:1f.7", 0xffff, 0xff, 0x1f, 7, "ffff:ff:1f.7")]
    [InlineData("0001:B1:1A.3", 1, 0xb1, 0x1a, 3, "0001:b1:1a.3")]
    [InlineData("1:2:3.4", 1, 2, 3, 4, "0001:02:03.4")]
    public void ParsesAndFormats(string text, int domain, int bus, int slot, int function, string formatted)
    {
        PciHostAddress address = PciHostAddress.Parse(text);
        Assert.Equal(new PciHostAddress(domain, bus, slot, function), address);
        Assert.Equal(formatted, address.ToString());
        Assert.Equal((slot << 3) | function, address.DevFn);
    }

    [Theory]
    [InlineData("")]
    [InlineData("01:00")]
    [InlineData("01.00.0")]
    [InlineData("0000:100:00.0")] // bus > 0xff
    [InlineData("0000:01:20.0")] // slot > 0x1f
    [InlineData("0000:01:00.8")] // function > 7
    [InlineData("10000:01:00.0")] // domain > 0xffff
    [InlineData("100:00.0")] // bus > 0xff without domain
    [InlineData("0000:01:00.0 ")] // trailing text
    [InlineData("0000:01:00.0.1")]
    [InlineData("0x0000:01:00.0")]
    [InlineData("g0:00.0")]
    [InlineData("0000:01:00.")]
    [InlineData("0000::00.0")]
    public void RejectsBadAddresses(string text)
    {
        Assert.False(PciHostAddress.TryParse(text, out _));
        FormatException error = Assert.Throws<FormatException>(() => PciHostAddress.Parse(text));
        Assert.Equal($"Property 'vfio-pci.host' doesn't take value '{text}'", error.Message);
    }

    [Fact]
    public void ErrorNamesTheGivenTypeAndProperty()
    {
        FormatException error = Assert.Throws<FormatException>(() => PciHostAddress.Parse("x", "my-dev", "addr"));
        Assert.Equal("Property 'my-dev.addr' doesn't take value 'x'", error.Message);
    }

    [Fact]
    public void NullDoesNotParse() => Assert.False(PciHostAddress.TryParse(null, out _));

    [Fact]
    public void ConstructorRejectsOutOfRangeFields()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PciHostAddress(0, 0, 0x20, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PciHostAddress(0, 0x100, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PciHostAddress(0, 0, 0, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PciHostAddress(-1, 0, 0, 0));
    }
}
