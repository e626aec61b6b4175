using System;
using QomSharp;

namespace QomSharp.Runtime.Tests;

/// <summary>Values sliced from a larger string (a -device option string) read as exactly their slice.</summary>
public class InputSliceTests
{
    [Fact]
    public void SlicesOfAnOptionStringConvertAsTheirOwnText()
    {
        const string options = "kinds,u8=48,sv=hello,bv=on,size=2M";
        var obj = Inputs.Kinds();
        obj.SetPropertyValue("u8", QomInput.FromString(options.AsMemory(9, 2)));
        obj.SetPropertyValue("sv", QomInput.FromString(options.AsMemory(15, 5)));
        obj.SetPropertyValue("bv", QomInput.FromString(options.AsMemory(24, 2)));
        obj.SetPropertyValue("size", QomInput.FromString(options.AsMemory(32, 2)));
        Assert.Equal(48, obj.GetPropertyInt("u8"));
        Assert.Equal("hello", obj.GetPropertyString("sv"));
        Assert.True(obj.GetPropertyBool("bv"));
        Assert.Equal(2UL << 20, obj.GetPropertyUInt("size"));
    }

    [Fact]
    public void ASliceThatFailsNamesOnlyItself()
    {
        const string options = "kinds,u8=300,size=12Z";
        var obj = Inputs.Kinds();
        var width = Assert.Throws<QomException>(() => obj.SetPropertyValue("u8", QomInput.FromString(options.AsMemory(9, 3))));
        Assert.Equal("Parameter 'u8' expects uint8_t", width.Message);
        var size = Assert.Throws<QomException>(() => obj.SetPropertyValue("size", QomInput.FromString(options.AsMemory(18, 3))));
        Assert.Equal("Parameter 'size' expects a non-negative number below 2^64", size.Message);
        Assert.Equal(0, obj.GetPropertyInt("u8"));
    }

    [Fact]
    public void SpanLookupsFindByContent()
    {
        const string options = "kinds,u8=1";
        var obj = Inputs.Kinds();
        Assert.Same(obj.FindProperty("u8"), obj.FindProperty(options.AsSpan(6, 2)));
        Assert.Same(obj.Class, obj.Context.FindClass(options.AsSpan(0, 5)));
        Assert.Null(obj.Context.FindClass(options.AsSpan(0, 4)));
    }
}
