using System.Collections.Generic;
using System.Linq;
using QomSharp.Fuzz.Tests.Targets;

namespace QomSharp.Fuzz.Tests;

/// <summary>
/// The bounded fuzzing run of CI: a fixed seed and a few thousand inputs per target (all targets
/// together well under two minutes on two cores), with no crash and no hang allowed.
/// </summary>
public class FuzzTests
{
    private const string Seed = "0000000000000";

    public static TheoryData<string, int> Targets() => new()
    {
        { "keyval", 20_000 },
        { "qemuopts", 20_000 },
        { "global", 20_000 },
        { "property-input", 10_000 },
        { "qmp", 3_000 },
        { "qmp-socket", 1_000 },
        { "qtest", 20_000 },
        { "host-json", 5_000 },
        { "host-sysfs", 1_000 },
        { "tool", 1_000 },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public void NoInputCrashesOrHangs(string name, int count)
    {
        var target = AllTargets.Create().Single(t => t.Name == name);
        var report = Fuzzer.Run(target, count, Seed);
        Assert.Equal(count, report.Inputs);
        Assert.True(report.Crashes == 0 && report.Hangs == 0,
            $"{report.Crashes} crashes, {report.Hangs} hangs:\n" + string.Join("\n", report.CrashInputs.Select(c => $"{c.Key} ({report.CrashMessages.GetValueOrDefault(c.Key)}): {c.Value}")) + report.HangInput);
        Assert.True(report.CleanErrors > 0, "no input was refused: the generator does not reach the error paths");
    }

    [Fact]
    public void SysfsTreesFollowingALinkToAFolderAreClearedBetweenInputs()
    {
        // "a" links to the folder "b" made after it, "d" to the folder "c" made before it: whichever
        // order the file system lists them in, one folder goes before the link to it, which then
        // dangles and is no longer a folder.
        var feed = HostTargets.Sysfs().Start();
        feed("a>b\nb/x=1\nc/y=1\nd>c");
        Assert.False(feed("kernel/iommu_groups/1/rreserved_regions="));
        Assert.False(feed("kernel/iommu_groups/1/reserved_regions=junk"));
    }
}
