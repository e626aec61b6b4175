using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// <c>-device T,help</c> of every concrete device type QomSharp models, whole text and exit code
/// against QEMU 10.0's, on <c>q35</c> and on the seed's <c>pc-q35-9.1</c> (capture_help_sweep.py).
/// QomSharp's own added properties are left out of its text (devices/README.md lists them).
/// </summary>
public class HelpSweepTests
{
    private static readonly string[] Files = ["help-sweep-q35.txt", "help-sweep-pc-q35-9.1.txt"];

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string file in Files)
        {
            int count = Qemu10Reference.ErrorCases(file).Count();
            for (int i = 0; i < count; i++)
            {
                data.Add(file, i);
            }
        }

        return data;
    }

    [Fact]
    public void TheSweepHoldsEveryModelledConcreteDevice()
    {
        // Every concrete device type of the sweep (sweep-types.txt, which PropertySweepTests keeps
        // equal to what QomSharp models) has its command, on both machines.
        var context = ToolRun.Of("-machine", "q35").Context;
        var concrete = Qemu10Reference.Read("sweep-types.txt").Split('\n', System.StringSplitOptions.RemoveEmptyEntries)
            .Where(t => context.FindClass(t) is { IsAbstract: false } klass && klass.CastsTo("device"))
            .Order(System.StringComparer.Ordinal).ToArray();
        Assert.True(concrete.Length >= 40, $"{concrete.Length} concrete device types");
        foreach (string file in Files)
        {
            var swept = Qemu10Reference.ErrorCases(file).Select(c => c.Args[^1][..^",help".Length]).Order(System.StringComparer.Ordinal);
            Assert.Equal(concrete, swept);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void HelpIsQemu10s(string file, int index)
    {
        ErrorCase expected = Qemu10Reference.ErrorCases(file).ElementAt(index);
        var run = ToolRun.Of(expected.Args);
        string type = expected.Args[^1][..^",help".Length];
        Assert.Equal(expected.Stderr, QomSharpExtensions.StripHelp(run.Context, type, run.Output) + run.Error);
        Assert.Equal(expected.ExitCode, run.ExitCode);
    }
}
