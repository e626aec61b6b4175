using QomSharp.Generated.Tests.Types;

namespace QomSharp.Generated.Tests;

/// <summary>Generated properties: defaults, string set/get of every kind, QEMU's error texts.</summary>
public sealed class PropertyTests
{
    private readonly E2eDevice device = new QomContext().New<E2eDevice>();

    [Fact]
    public void DefaultsApplyAndAreDescribed()
    {
        Assert.True(device.Enabled);
        Assert.Equal(39, device.AwBits);
        Assert.Equal(ulong.MaxValue, device.U64);
        Assert.Equal(-1, device.I8);
        Assert.Equal(long.MinValue, device.I64);
        Assert.Equal(4096UL, device.Window);
        Assert.Equal("none", device.Label);
        Assert.Equal(E2eMode.ScalableMode, device.Mode);
        Assert.Equal(5, device.Id);

        var awBits = device.GetPropertyOrThrow("aw-bits");
        Assert.Equal("uint8", awBits.Type);
        Assert.Equal("Address width", awBits.Description);
        Assert.Equal("39", awBits.DefaultValue!.ToJsonString());
        Assert.True(awBits.IsStatic);
        Assert.Equal("size", device.GetPropertyOrThrow("window").Type);
        Assert.Equal("E2eMode", device.GetPropertyOrThrow("mode").Type);
        Assert.Equal("str", device.GetPropertyOrThrow("label").Type);
    }

    [Theory]
    [InlineData("enabled", "off", "false")]
    [InlineData("aw-bits", "48", "48")]
    [InlineData("u16", "65535", "65535")]
    [InlineData("u32", "4294967295", "4294967295")]
    [InlineData("u64", "1", "1")]
    [InlineData("i8", "-128", "-128")]
    [InlineData("i16", "-32768", "-32768")]
    [InlineData("i32", "-7", "-7")]
    [InlineData("i64", "9223372036854775807", "9223372036854775807")]
    [InlineData("window", "2M", "2097152")]
    [InlineData("label", "hello", "\"hello\"")]
    [InlineData("mode", "pass-through", "\"pass-through\"")]
    [InlineData("mode", "legacy", "\"legacy\"")]
    [InlineData("id", "12", "12")]
    public void StringSetThenGet(string name, string value, string json)
    {
        device.ParseProperty(name, value);
        Assert.Equal(json, device.GetPropertyValue(name)!.ToJsonString());
    }

    [Fact]
    public void TypedAccessSeesStringWrites()
    {
        device.ParseProperty("aw-bits", "48");
        device.ParseProperty("mode", "legacy");
        Assert.Equal(48, device.AwBits);
        Assert.Equal(E2eMode.Legacy, device.Mode);
    }

    [Fact]
    public void OutOfRangeIntegerIsRefusedWithQemuText()
    {
        var error = Assert.Throws<QomException>(() => device.ParseProperty("aw-bits", "256"));
        Assert.Equal("Parameter 'aw-bits' expects uint8_t", error.Message);
    }

    [Fact]
    public void UnknownEnumMemberIsRefusedWithQemuText()
    {
        var error = Assert.Throws<QomException>(() => device.ParseProperty("mode", "ScalableMode"));
        Assert.Equal("Parameter 'mode' does not accept value 'ScalableMode'", error.Message);
    }

    [Fact]
    public void PropertyWithoutSetterIsNotWritable()
    {
        var error = Assert.Throws<QomException>(() => device.ParseProperty("version", "1"));
        Assert.Equal("Property 'e2e-device.version' is not writable", error.Message);
    }
}
