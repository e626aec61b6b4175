using QomSharp.Generated.Tests.Types;

namespace QomSharp.Generated.Tests;

/// <summary>Bool properties of one type share a generated field: each keeps its own value and default.</summary>
public sealed class PackedBoolTests
{
    private static readonly string[] Names = ["f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9"];

    private readonly E2eFlags flags = new QomContext().New<E2eFlags>();

    private static bool[] Values(E2eFlags f) => [f.F0, f.F1, f.F2, f.F3, f.F4, f.F5, f.F6, f.F7, f.F8, f.F9];

    [Fact]
    public void DefaultsApply()
    {
        Assert.Equal([true, false, true, false, false, false, false, false, true, false], Values(flags));
        Assert.Equal(-1, flags.Level);
        Assert.Equal("true", flags.GetPropertyOrThrow("f8").DefaultValue!.ToJsonString());
        Assert.Equal("true", flags.GetPropertyOrThrow("f0").DefaultValue!.ToJsonString());
        Assert.Null(flags.GetPropertyOrThrow("f1").DefaultValue);
    }

    [Fact]
    public void EachBitIsSetAndClearedAlone()
    {
        for (int i = 0; i < Names.Length - 1; i++)
        {
            var before = Values(flags);
            bool flipped = !before[i];
            flags.ParseProperty(Names[i], flipped ? "on" : "off");
            var after = Values(flags);
            before[i] = flipped;
            Assert.Equal(before, after);
            Assert.Equal(flipped ? "true" : "false", flags.GetPropertyValue(Names[i])!.ToJsonString());
            Assert.Equal(-1, flags.Level);
        }
    }

    [Fact]
    public void TypedWritesKeepTheOtherBits()
    {
        flags.F0 = false;
        flags.F3 = true;
        flags.F8 = false;
        flags.SetF9(true);
        flags.Level = 7;
        Assert.Equal([false, false, true, true, false, false, false, false, false, true], Values(flags));
        flags.F3 = true;
        flags.F2 = false;
        Assert.Equal([false, false, false, true, false, false, false, false, false, true], Values(flags));
        Assert.Equal(7, flags.Level);
        Assert.Equal("true", flags.GetPropertyValue("f9")!.ToJsonString());
    }
}
