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

    /// <summary>
    /// The qtest target's invalidation-queue programs reach intel-iommu's queue: each runs without a
    /// refused line on a fresh q35, and the queue head has moved (or a queue error was recorded);
    /// a program's mutations keep qtest lines.
    /// </summary>
    [Fact]
    public void InvalidationQueueProgramsDriveTheQueue()
    {
        // The targets load the device models (their module registers the machine types).
        Assert.Contains(AllTargets.Create(), t => t.Name == "qtest");
        int moved = 0;
        foreach (string program in QtestTarget.InvalidationQueuePrograms)
        {
            var q35 = Universe.Q35();
            var session = new QomSharp.Qtest.QtestSession(q35.Qdev.SystemMemory, q35.Qdev.IoSpace, System.IO.TextWriter.Null);
            foreach (string line in program.Split('\n'))
            {
                Assert.False(session.Handle(line).StartsWith("FAIL", System.StringComparison.Ordinal), line);
            }

            ulong head = System.Convert.ToUInt64(session.Handle("readq 0xfed90080").Trim()[3..], 16);
            ulong faults = System.Convert.ToUInt64(session.Handle("readl 0xfed90034").Trim()[3..], 16);
            moved += head != 0 || (faults & 0x10) != 0 ? 1 : 0;
        }

        Assert.True(moved >= QtestTarget.InvalidationQueuePrograms.Length - 2, $"only {moved} programs moved the queue");
        string mutated = QtestTarget.MutateProgram(QtestTarget.InvalidationQueuePrograms[0], QtestTarget.InvalidationQueuePrograms[1], [0, 8, 16, 1 << 20]);
        Assert.All(mutated.Split('\n'), line => Assert.Matches("^(read|write|in|out)[bwlq]? 0x[0-9a-f]+( 0x[0-9a-f]+)?$", line));
    }
}
