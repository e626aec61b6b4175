using System;
using System.Collections.Generic;
using QomSharp;
using QomSharp.Options;

namespace QomSharp.Options.Tests;

/// <summary>
/// The allocation-free QemuOpts item reader: names and values as positions in the input, strings
/// made only on request, and the same items as <see cref="QemuOptsParser"/> reads.
/// </summary>
public class QemuOptsReaderTests
{
    private static List<string> Items(string input, string? implied)
    {
        var items = new List<string>();
        var reader = new QemuOptsReader(input, implied);
        while (reader.Read())
        {
            string kind = reader.IsImplied ? "implied" : reader.IsHelp ? "help" : reader.IsNegatedFlag ? "no" : reader.IsFlag ? "flag" : "value";
            items.Add($"{kind}:{reader.Name.ToString()}={reader.ValueString()}");
        }

        return items;
    }

    [Fact]
    public void ReadsNamedValuesImpliedValuesAndFlags()
    {
        Assert.Equal(
            ["implied:driver=e1000", "value:bus=pci.0", "flag:x=on", "no:y=off", "help:help=on", "help:?=on", "value:=v"],
            Items("e1000,bus=pci.0,x,noy,help,?,=v", "driver"));
    }

    [Fact]
    public void OnlyTheFirstBareItemIsImplied()
    {
        Assert.Equal(["implied:driver=a", "flag:b=on"], Items("a,b", "driver"));
        Assert.Equal(["value:x=1", "flag:b=on"], Items("x=1,b", "driver"));
        Assert.Equal(["flag:a=on"], Items("a", null));
    }

    [Fact]
    public void DoubledCommasAreUnescapedOnlyInValues()
    {
        Assert.Equal(["implied:driver=a,b", "value:k=1,,2", "value:m="], Items("a,,b,k=1,,,,2,m=", "driver"));

        // A bare name ends at the first comma, doubled or not.
        Assert.Equal(["flag:a=on", "flag:=on", "flag:=on", "flag:b=on"], Items("a,,,b", null));
    }

    [Fact]
    public void AVerbatimValueIsASliceOfTheInput()
    {
        const string input = "dev,aw-bits=48,name=a,,b";
        var reader = new QemuOptsReader(input, "driver");
        Assert.True(reader.Read());
        Assert.True(reader.IsValueVerbatim);
        Assert.Equal("dev", input.Substring(reader.ValueStart, reader.ValueLength));
        Assert.True(reader.Read());
        Assert.True(reader.IsValueVerbatim);
        Assert.Equal("48", input.AsSpan(reader.ValueStart, reader.ValueLength).ToString());
        Assert.True(reader.Read());
        Assert.False(reader.IsValueVerbatim);
        Assert.Equal("a,b", reader.ValueString());
        Assert.False(reader.Read());
        Assert.False(reader.Read());
    }

    [Fact]
    public void ValueInputsConvertByTheirPath()
    {
        var reader = new QemuOptsReader("x=on,y=a,,b,z", null);
        Assert.True(reader.Read());
        Assert.True(reader.ValueInput(keyval: false).ReadBool("x"));
        Assert.Equal(QomInputKind.Keyval, reader.ValueInput(keyval: true).Kind);
        Assert.True(reader.Read());
        Assert.Equal("a,b", reader.ValueInput(keyval: true).ReadString("y"));
        Assert.True(reader.Read());
        Assert.Equal(QomInputKind.String, reader.ValueInput(keyval: false).Kind);
        Assert.True(reader.ValueInput(keyval: false).ReadBool("z"));
    }

    [Theory]
    [InlineData("e1000,bus=pci.0,id=nic0,addr=3.0", "driver")]
    [InlineData("a,,b,k=1,,,,2,nox,y,=v,help", "driver")]
    [InlineData("k=,,,l=2,,", null)]
    [InlineData(",,a", null)]
    [InlineData("a,", "driver")]
    public void ReadsTheItemsTheParserKeeps(string input, string? implied)
    {
        var parsed = QemuOptsParser.Parse(input, implied);
        var read = new List<string>();
        var reader = new QemuOptsReader(input, implied);
        while (reader.Read())
        {
            if (reader.Name is not "id")
            {
                read.Add($"{reader.Name.ToString()}={reader.ValueString()}");
            }
        }

        Assert.Equal(parsed.Options.Select(o => $"{o.Key}={o.Value}"), read);
    }

    [Fact]
    public void SlicedInputsAreCheckedAgainstTheirString()
    {
        Assert.Equal(48, (int)QomInput.FromString("x=48", 2, 2).ReadUInt64("x"));
        Assert.Equal("48", QomInput.FromKeyval("x=48", 2, 2).ReadString("x"));
        Assert.Equal("", QomInput.FromString("x=", 2, 0).ReadString("x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => QomInput.FromString("x=48", 3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => QomInput.FromKeyval("x=48", -1, 2));
        Assert.Throws<ArgumentNullException>(() => QomInput.FromString(null!, 0, 0));
    }
}
