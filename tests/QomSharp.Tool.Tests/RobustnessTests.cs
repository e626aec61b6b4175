using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace QomSharp.Tool.Tests;

/// <summary>
/// Input that used to end the process (an unhandled exception, a stack overflow) now ends as QEMU
/// 10.0 ends it: the same error text, exit code 1 on the command line, and a QMP session that goes
/// on. Each expected text is read from QEMU 10.0's output kept in tests/reference/qemu-10.0.
/// </summary>
public partial class RobustnessTests
{
    private static readonly string Reference = Path.Combine(AppContext.BaseDirectory, "reference-10.0");

    public static TheoryData<string, string> CommandLineCases() => new()
    {
        { "-device", """{"driver":"pci-testdev","\ud800":1}""" },
        { "-device", """{"driver":"pci-testdev","id":"a","id":"b"}""" },
        { "-device", "{\"driver\":\"pci-testdev\"" },
        { "-device", """{"driver":"pci-testdev"} {}""" },
        { "-device", """{"driver":"pci-testdev",}""" },
        { "-device", """{"driver":"pci-testdev","x":""" + new string('[', 1025) + new string(']', 1025) + "}" },
        { "-device", """{"driver":"pci-testdev","x":""" + new string('[', 1000) + new string(']', 1000) + "}" },
        { "-object", "iommufd,id=x," + string.Join('.', Enumerable.Repeat("a", 40)) + "=1" },
        { "-object", "iommufd,id=x," + string.Join('.', Enumerable.Repeat("a", 12000)) + "=1" },
        { "-qmp", "unix:/nonexistent-dir/q.sock,server=on,wait=off" },
        { "-qmp", "unix:/tmp/" + new string('x', 120) + ".sock,server=on,wait=off" },
    };

    [Theory]
    [MemberData(nameof(CommandLineCases))]
    public void CommandLineInputEndsWithQemusError(string option, string value)
    {
        var run = ToolRun.Of("-machine", "q35", option, value);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(ExpectedCommandLineError(option, value), run.Error);
    }

    [Fact]
    public void QmpJsonErrorsAreQemusAndTheSessionGoesOn()
    {
        var (input, expected) = Transcript("qmp-json-errors");
        Assert.Equal(expected, Normalized(ServeQmp(input)));
    }

    [Fact]
    public void QmpNestingIsLimitedAsInQemu()
    {
        var (input, expected) = Transcript("qmp-json-nesting");
        var ours = Normalized(ServeQmp(input));
        Assert.Equal(expected.Count, ours.Count);
        Assert.Equal(expected, ours);
    }

    [Fact]
    public void QtestAddressesNearTheTopDoNotWrapIntoARegion()
    {
        string[] reference = File.ReadAllLines(Path.Combine(Reference, "qtest-wrapping-addresses.txt"));
        string input = Regex.Match(reference[0], "printf '([^']*)'").Groups[1].Value.Replace("\\n", "\n", StringComparison.Ordinal);
        var run = ToolRun.WithInput(input, "-machine", "q35", "-device", "intel-iommu", "-qtest", "stdio");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Join("\n", reference[1..]) + "\n", run.Output);
    }

    // QEMU's line for the option, its prefix replaced by ours; the hint line after it, if any.
    private static string ExpectedCommandLineError(string option, string value)
    {
        string prefix = $"qemu-system-x86_64: {option} {value}: ";
        string[] lines = File.ReadAllLines(Path.Combine(Reference, "robustness-command-line.txt"));
        int at = Array.FindIndex(lines, l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(at >= 0, $"no QEMU 10.0 output for {option} {value[..Math.Min(60, value.Length)]}");
        string text = "qomsharp: " + lines[at]["qemu-system-x86_64: ".Length..] + "\n";
        for (int i = at + 1; i < lines.Length && !lines[i].StartsWith('[') && !lines[i].StartsWith('$'); i++)
        {
            text += lines[i] + "\n";
        }

        return text;
    }

    private static (string Input, List<string> Expected) Transcript(string name)
    {
        string input = File.ReadAllText(Path.Combine(Reference, name + ".in"));
        var expected = File.ReadAllLines(Path.Combine(Reference, name + ".out"))[1..];
        return (input, Normalized(string.Join("\n", expected)));
    }

    private static string ServeQmp(string input)
    {
        var output = new StringWriter();
        new Qmp.QmpSession(ToolRun.Of("-machine", "q35").Context, output).Run(new StringReader(input));
        return output.ToString();
    }

    // The greeting and event timestamps differ by nature; versions and machine type names by release.
    private static List<string> Normalized(string transcript)
    {
        var lines = new List<string>();
        foreach (string line in transcript.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("{\"QMP\"", StringComparison.Ordinal))
            {
                continue;
            }

            lines.Add(Version().Replace(MachineVersion().Replace(Timestamp().Replace(line, "T"), "pc-q35-N-machine"), "V"));
        }

        return lines;
    }

    [GeneratedRegex("\"timestamp\": \\{[^}]*\\}")]
    private static partial Regex Timestamp();

    [GeneratedRegex("\"qemu\": \\{[^}]*\\}, \"package\": \"[^\"]*\"")]
    private static partial Regex Version();

    [GeneratedRegex("pc-q35-[0-9.]+-machine")]
    private static partial Regex MachineVersion();
}
