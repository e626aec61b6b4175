using System.Collections.Generic;
using QomSharp;
using QomSharp.Options;

namespace QomSharp.Options.Tests;

/// <summary>QemuOpts item syntax, after QEMU's tests/unit/test-qemu-opts.c (opts_parse cases).</summary>
public class QemuOptsParserTests
{
    private static string[] Pairs(QemuOptsResult result) =>
        result.Options.Select(option => $"{option.Key}={option.Value}").ToArray();

    [Fact]
    public void EmptyInputHasNoOptions()
    {
        QemuOptsResult result = QemuOptsParser.Parse("");
        Assert.Empty(result.Options);
        Assert.Null(result.Id);
        Assert.False(result.HelpRequested);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void EmptyNameIsAccepted()
    {
        Assert.Equal(new[] { "=val" }, Pairs(QemuOptsParser.Parse("=val")));
        Assert.Equal(new[] { "=val" }, Pairs(QemuOptsParser.Parse("=val", "implied")));
    }

    [Fact]
    public void RepeatsAreKeptInOrderAndTheLastOneCounts()
    {
        QemuOptsResult result = QemuOptsParser.Parse("a=1,b=2,,x,a=3");
        Assert.Equal(new[] { "a=1", "b=2,x", "a=3" }, Pairs(result));
        Assert.Equal("3", result.Get("a"));
        Assert.Equal("2,x", result.Get("b"));
        Assert.Null(result.Get("c"));
    }

    [Fact]
    public void TheFirstIdCountsAndIsNotAnOption()
    {
        QemuOptsResult result = QemuOptsParser.Parse("id=foo,id=bar");
        Assert.Empty(result.Options);
        Assert.Equal("foo", result.Id);
    }

    [Fact]
    public void TrailingCommaIsIgnored()
    {
        Assert.Equal(new[] { "x=y" }, Pairs(QemuOptsParser.Parse("x=y,")));
    }

    [Fact]
    public void ALoneCommaIsAnEmptyShortFormBoolean()
    {
        QemuOptsResult result = QemuOptsParser.Parse(",");
        Assert.Equal(new[] { "=on" }, Pairs(result));
        Assert.Equal(new OptionWarning("short-form boolean option '' deprecated", "Please use =on instead\n"), Assert.Single(result.Warnings));
    }

    [Fact]
    public void EscapedCommaHidesAnId()
    {
        QemuOptsResult result = QemuOptsParser.Parse("x=,,id=bar");
        Assert.Null(result.Id);
        Assert.Equal(new[] { "x=,id=bar" }, Pairs(result));
    }

    [Theory]
    [InlineData("id=666")]
    [InlineData("x=1,id=1bad")]
    [InlineData("id=")]
    [InlineData("id=a b")]
    public void MalformedIdsAreRejectedWithAHint(string input)
    {
        QomException error = Assert.Throws<QomException>(() => QemuOptsParser.Parse(input));
        Assert.Equal("Parameter 'id' expects an identifier", error.Message);
        Assert.Equal("Identifiers consist of letters, digits, '-', '.', '_', starting with a letter.\n", error.Hint);
    }

    [Fact]
    public void WellFormedIdsMayUseDotsDashesAndUnderscores()
    {
        Assert.Equal("a1.b-c_d", QemuOptsParser.Parse("id=a1.b-c_d").Id);
    }

    [Fact]
    public void BareNamesAreDeprecatedBooleans()
    {
        QemuOptsResult result = QemuOptsParser.Parse("an,noaus,noaus=");
        Assert.Equal(new[] { "an=on", "aus=off", "noaus=" }, Pairs(result));
        Assert.Equal(
            new[]
            {
                new OptionWarning("short-form boolean option 'an' deprecated", "Please use an=on instead\n"),
                new OptionWarning("short-form boolean option 'noaus' deprecated", "Please use aus=off instead\n"),
            },
            result.Warnings);
    }

    [Fact]
    public void BareNoIsANegatedEmptyName()
    {
        QemuOptsResult result = QemuOptsParser.Parse("no");
        Assert.Equal(new[] { "=off" }, Pairs(result));
        Assert.Equal(new OptionWarning("short-form boolean option 'no' deprecated", "Please use =off instead\n"), Assert.Single(result.Warnings));
    }

    [Fact]
    public void DelayIsAdvisedAsNodelay()
    {
        Assert.Equal("Please use nodelay=off instead\n", Assert.Single(QemuOptsParser.Parse("delay").Warnings).Hint);
        Assert.Equal("Please use nodelay=on instead\n", Assert.Single(QemuOptsParser.Parse("nodelay").Warnings).Hint);
    }

    [Fact]
    public void ImpliedNameTakesTheFirstBareValue()
    {
        QemuOptsResult result = QemuOptsParser.Parse("an,noaus,noaus=", "implied");
        Assert.Equal(new[] { "implied=an", "aus=off", "noaus=" }, Pairs(result));
        Assert.Equal("short-form boolean option 'noaus' deprecated", Assert.Single(result.Warnings).Message);
    }

    [Fact]
    public void ImpliedValueMayBeEmpty()
    {
        Assert.Equal(new[] { "implied=" }, Pairs(QemuOptsParser.Parse(",", "implied")));
    }

    [Fact]
    public void ImpliedValueUnescapesDoubledCommas()
    {
        Assert.Equal(new[] { "implied=,", "a=1" }, Pairs(QemuOptsParser.Parse(",,,a=1", "implied")));
    }

    [Fact]
    public void DeviceDriverNamesMayContainEscapedCommas()
    {
        QemuOptsResult result = QemuOptsParser.Parse("foo,,bar,id=dev0,x=1", "driver");
        Assert.Equal(new[] { "driver=foo,bar", "x=1" }, Pairs(result));
        Assert.Equal("dev0", result.Id);
    }

    [Fact]
    public void IdIsFoundByReadingEveryItemAsNamedEvenInsideAnEscapedImpliedValue()
    {
        // QEMU looks for id= in a pass that does not know the first item is a value, so the
        // ",," in the driver does not hide "id=x" from it (a faithful quirk).
        QemuOptsResult result = QemuOptsParser.Parse("a,,id=x", "driver");
        Assert.Equal(new[] { "driver=a,id=x" }, Pairs(result));
        Assert.Equal("x", result.Id);
    }

    [Fact]
    public void OnlyTheFirstItemIsImplied()
    {
        QemuOptsResult result = QemuOptsParser.Parse("e1000,vectors", "driver");
        Assert.Equal(new[] { "driver=e1000", "vectors=on" }, Pairs(result));
    }

    [Fact]
    public void BareFlagNamesEndAtTheFirstCommaEvenWhenDoubled()
    {
        QemuOptsResult result = QemuOptsParser.Parse("x=1,foo,,bar");
        Assert.Equal(new[] { "x=1", "foo=on", "=on", "bar=on" }, Pairs(result));
    }

    [Fact]
    public void UnknownNamesFailInAGroupWithFixedNames()
    {
        var group = new QemuOptsGroup("opts_list_01", ["str1", "number1"]);
        Assert.Equal("Invalid parameter 'nonexistent'", Assert.Throws<QomException>(() => QemuOptsParser.Parse("nonexistent=", null, group)).Message);
        Assert.Equal(new[] { "str1=x" }, Pairs(QemuOptsParser.Parse("str1=x", null, group)));
    }

    [Fact]
    public void AnyNameIsAcceptedInTheDeviceGroup()
    {
        QemuOptsResult result = QemuOptsParser.Parse("virtio-net-pci,netdev=n0,bogus=1", "driver", QemuOptsGroup.CreateDevice());
        Assert.Equal(new[] { "driver=virtio-net-pci", "netdev=n0", "bogus=1" }, Pairs(result));
    }

    public static TheoryData<string, bool, bool> HelpCases => new()
    {
        // input, help without implied name, help with implied name (test-qemu-opts.c's table)
        { "help", true, false },
        { "?", true, false },
        { "helpme", false, false },
        { "?me", false, false },
        { "a,help", true, true },
        { "a,?", true, true },
        { "a=0,help,b", true, true },
        { "a=0,?,b", true, true },
        { "help,b=1", true, false },
        { "?,b=1", true, false },
        { "a,b,,help", true, true },
        { "a,b,,?", true, true },
    };

    [Theory]
    [MemberData(nameof(HelpCases))]
    public void HelpIsAnOptionNamedHelpOrQuestionMark(string input, bool expected, bool expectedWithImpliedName)
    {
        Assert.Equal(expected, QemuOptsParser.Parse(input).HelpRequested);
        Assert.Equal(expectedWithImpliedName, QemuOptsParser.Parse(input, "implied").HelpRequested);
    }

    [Fact]
    public void BareHelpIsStoredAsAnOptionWithoutAWarning()
    {
        QemuOptsResult result = QemuOptsParser.Parse("e1000,help", "driver");
        Assert.Equal(new[] { "driver=e1000", "help=on" }, Pairs(result));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void NegatedHelpIsAnOrdinaryDeprecatedBoolean()
    {
        QemuOptsResult result = QemuOptsParser.Parse("nohelp");
        Assert.Equal(new[] { "help=off" }, Pairs(result));
        Assert.True(result.HelpRequested); // the option is named "help", whatever its value
        Assert.Equal(new OptionWarning("short-form boolean option 'nohelp' deprecated", "Please use help=off instead\n"), Assert.Single(result.Warnings));
    }

    [Fact]
    public void BareHelpStopsAGroupWithFixedNames()
    {
        var group = new QemuOptsGroup("fixed", ["a", "b"]);
        QemuOptsResult result = QemuOptsParser.Parse("a=1,help,bogus=2,id=x", null, group);
        Assert.True(result.HelpRequested);
        Assert.Equal(new[] { "a=1" }, Pairs(result));
        Assert.False(group.Contains("x")); // a help request creates nothing

        Assert.Equal("Invalid parameter 'bogus'", Assert.Throws<QomException>(() => QemuOptsParser.Parse("bogus=2,help", null, group)).Message);
        Assert.Equal("Invalid parameter 'help'", Assert.Throws<QomException>(() => QemuOptsParser.Parse("help=on", null, group)).Message);
    }

    [Fact]
    public void ValuesKeepEqualsSignsAndUnescapeCommas()
    {
        Assert.Equal(new[] { "a=b=c", "d=e,f" }, Pairs(QemuOptsParser.Parse("a=b=c,d=e,,f")));
    }

    [Fact]
    public void ResultsExposeOptionsAsPairs()
    {
        IReadOnlyList<KeyValuePair<string, string>> options = QemuOptsParser.Parse("k=v").Options;
        Assert.Equal(new KeyValuePair<string, string>("k", "v"), Assert.Single(options));
    }
}
