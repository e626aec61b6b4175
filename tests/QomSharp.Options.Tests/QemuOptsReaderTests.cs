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

    // The reader finds separators by masks over 64-character windows, eight characters a vector at
    // a time: items that cross a window's or a vector's edge, and inputs of every length around
    // them, must read as a plain scan of the characters reads them.
    [Fact]
    public void ItemsAcrossVectorAndWindowEdgesReadAsAPlainScanReadsThem()
    {
        var random = new Random(20261206);
        const string alphabet = "ab=,,,=x";
        for (int round = 0; round < 4000; round++)
        {
            int length = round < 200 ? round : random.Next(0, 300);
            var chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            string input = new(chars);
            string? implied = round % 2 == 0 ? "driver" : null;
            Assert.Equal(PlainScan(input, implied), Items(input, implied));
        }
    }

    [Fact]
    public void ALongValueEndsAtItsCommaBeyondTheFirstWindow()
    {
        string value = new string('v', 70) + ",," + new string('w', 60);
        Assert.Equal(["implied:driver=d", $"value:k={value.Replace(",,", ",", StringComparison.Ordinal)}", "flag:z=on"], Items($"d,k={value},z", "driver"));
    }

    // The grammar written out character by character, as the reader scanned before its masks.
    private static List<string> PlainScan(string text, string? implied)
    {
        var items = new List<string>();
        int next = 0;
        bool started = false;
        while (next < text.Length)
        {
            int start = next;
            int nameStop = start;
            while (nameStop < text.Length && text[nameStop] != '=' && text[nameStop] != ',')
            {
                nameStop++;
            }

            string item;
            int stop;
            if (nameStop < text.Length && text[nameStop] == '=')
            {
                stop = ScanValue(text, nameStop + 1);
                item = $"value:{text[start..nameStop]}={Unescape(text[(nameStop + 1)..stop])}";
            }
            else if (implied is not null && !started)
            {
                stop = ScanValue(text, nameStop);
                item = $"implied:{implied}={Unescape(text[start..stop])}";
            }
            else
            {
                stop = nameStop;
                string name = text[start..nameStop];
                bool negated = name.StartsWith("no", StringComparison.Ordinal);
                name = negated ? name[2..] : name;
                item = negated ? $"no:{name}=off" : name is "help" or "?" ? $"help:{name}=on" : $"flag:{name}=on";
            }

            items.Add(item);
            started = true;
            next = stop < text.Length ? stop + 1 : stop;
        }

        return items;
    }

    private static int ScanValue(string text, int p)
    {
        while (p < text.Length)
        {
            if (text[p] == ',')
            {
                if (p + 1 < text.Length && text[p + 1] == ',')
                {
                    p += 2;
                    continue;
                }

                break;
            }

            p++;
        }

        return p;
    }

    private static string Unescape(string value) => value.Replace(",,", ",", StringComparison.Ordinal);
}
