using QomSharp;
using QomSharp.Options;

namespace QomSharp.Options.Tests;

/// <summary>The <c>-global</c> argument (QEMU's <c>qemu_global_option</c>).</summary>
public class GlobalOptionTests
{
    private static GlobalOption ParseOption(string text)
    {
        GlobalOptionResult result = GlobalOption.Parse(text);
        Assert.False(result.HelpRequested);
        Assert.NotNull(result.Option);
        return result.Option;
    }

    private static string ParseError(string text) =>
        Assert.Throws<QomException>(() => GlobalOption.Parse(text)).Message;

    [Fact]
    public void ShortFormSplitsAtTheFirstDotAndTheFollowingEquals()
    {
        Assert.Equal(new GlobalOption("isa-fdc", "driveA", "drive0"), ParseOption("isa-fdc.driveA=drive0"));
        Assert.Equal(new GlobalOption("virtio-blk-device", "x.y", "1"), ParseOption("virtio-blk-device.x.y=1"));
    }

    [Fact]
    public void ShortFormValueIsTakenVerbatim()
    {
        Assert.Equal(new GlobalOption("drv", "prop", "a=b,,c,d"), ParseOption("drv.prop=a=b,,c,d"));
        Assert.Equal(new GlobalOption("drv", "prop", ""), ParseOption("drv.prop="));
        Assert.Equal(new GlobalOption("a,b", "p", "v"), ParseOption("a,b.p=v"));
    }

    [Fact]
    public void ShortFormPartsMayHave63Characters()
    {
        string driver = new('d', 63);
        string property = new('p', 63);
        Assert.Equal(new GlobalOption(driver, property, "v"), ParseOption($"{driver}.{property}=v"));
    }

    [Fact]
    public void LongerPartsFallBackToTheLongForm()
    {
        string driver = new('d', 64);
        string property = new('p', 64);
        Assert.Equal($"Invalid parameter '{driver}.p'", ParseError($"{driver}.p=v"));
        Assert.Equal($"Invalid parameter 'd.{property}'", ParseError($"d.{property}=v"));
    }

    [Fact]
    public void LongFormTakesDriverPropertyAndValue()
    {
        Assert.Equal(new GlobalOption("isa-fdc", "driveA", "a,b"), ParseOption("driver=isa-fdc,property=driveA,value=a,,b"));
        Assert.Equal(new GlobalOption("second", "p", "v"), ParseOption("driver=first,property=p,value=v,driver=second"));
    }

    [Theory]
    [InlineData("driver=isa-fdc")]
    [InlineData("driver=isa-fdc,property=driveA")]
    [InlineData("property=p,value=v")]
    [InlineData("")]
    public void LongFormRequiresAllThree(string text)
    {
        Assert.Equal("options 'driver', 'property', and 'value' are required", ParseError(text));
    }

    [Theory]
    [InlineData("=", "Invalid parameter ''")]
    [InlineData(".prop=v", "Invalid parameter '.prop'")]
    [InlineData("drv.=v", "Invalid parameter 'drv.'")]
    [InlineData("drv.prop", "Invalid parameter 'drv.prop'")]
    [InlineData("driver=a,property=b,value=c,bogus=d", "Invalid parameter 'bogus'")]
    public void MalformedArgumentsFailAsQemuOpts(string text, string expected)
    {
        Assert.Equal(expected, ParseError(text));
    }

    [Fact]
    public void HelpAsksForTheOptionList()
    {
        GlobalOptionResult result = GlobalOption.Parse("help");
        Assert.True(result.HelpRequested);
        Assert.Null(result.Option);
        Assert.True(GlobalOption.Parse("driver=a,?").HelpRequested);
    }

    [Fact]
    public void LongFormShortBooleansWarn()
    {
        GlobalOptionResult result = GlobalOption.Parse("nodriver,property=p,value=v");
        Assert.Equal(new GlobalOption("off", "p", "v"), result.Option);
        Assert.Equal(new OptionWarning("short-form boolean option 'nodriver' deprecated", "Please use driver=off instead\n"), Assert.Single(result.Warnings));
    }

    [Fact]
    public void IdsAreUniqueAcrossTheGlobalGroup()
    {
        QemuOptsGroup globals = QemuOptsGroup.CreateGlobal();
        GlobalOption.Parse("driver=a,property=b,value=c,id=g1", globals);
        Assert.Equal("Duplicate ID 'g1' for global", Assert.Throws<QomException>(() => GlobalOption.Parse("driver=a,property=b,value=c,id=g1", globals)).Message);
        Assert.Equal("Parameter 'id' expects an identifier", Assert.Throws<QomException>(() => GlobalOption.Parse("driver=a,property=b,value=c,id=9")).Message);
    }
}
