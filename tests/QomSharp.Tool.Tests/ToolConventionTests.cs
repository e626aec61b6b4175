using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace QomSharp.Tool.Tests;

/// <summary>
/// The tool's own conventions as QEMU 10.0's: -h/-help/--help, -version/--version, -host help, and
/// every accepted option either doing what it says or refused with QEMU's text (the outputs of
/// QEMU 10.0.2 are in tests/reference/qemu-10.0/).
/// </summary>
public class ToolConventionTests
{
    private static string Reference(string name) => File.ReadAllText(Path.Combine(System.AppContext.BaseDirectory, "reference-10.0", name));

    [Theory]
    [InlineData("-h")]
    [InlineData("-help")]
    [InlineData("--help")]
    public void HelpPrintsUsageAndExitsZero(string flag)
    {
        var run = ToolRun.Of(flag);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.StartsWith($"QEMU emulator version {QomVersion.Qemu} (QomSharp {QomVersion.QomSharp})\n", run.Output);
        Assert.Contains("\nusage: qomsharp [options]\n\nStandard options:\n", run.Output);
    }

    [Fact]
    public void HelpUsesQemuLayoutAndQemuSynopsesForSharedOptions()
    {
        string qemu = Reference("help.txt");
        string ours = ToolRun.Of("-h").Output;
        // Section headers are QEMU's.
        foreach (Match header in Regex.Matches(ours, @"^([A-Z][A-Za-z/ ]+ options|Generic object creation):$", RegexOptions.Multiline))
        {
            Assert.Contains("\n" + header.Value + "\n", qemu);
        }

        // An option QEMU has is introduced by QEMU's own synopsis line, in QEMU's column layout.
        string[] shared =
        [
            "-h or -help     display this help and exit",
            "-version        display version information and exit",
            "-machine [type=]name[,prop[=value][,...]]",
            "                selects emulated machine ('-machine help' for list)",
            "-m [size=]megs[,slots=n,maxmem=size]",
            "-global driver.property=value",
            "-global driver=driver,property=property,value=value",
            "-device driver[,prop[=value][,...]]",
            "                use '-device driver,help' to print all possible properties",
            "-name string1[,process=string2][,debug-threads=on|off]",
            "-object TYPENAME[,PROP1=VALUE1,...]",
            "-L path         set the directory for the BIOS, VGA BIOS and keymaps",
        ];
        foreach (string line in shared)
        {
            Assert.Contains("\n" + line + "\n", qemu);
            Assert.Contains("\n" + line + "\n", ours);
        }
    }

    [Fact]
    public void HelpNamesEveryOptionTheToolAccepts()
    {
        string help = ToolRun.Of("-h").Output;
        foreach (string option in new[] { "-machine", "-cpu", "-smp", "-m", "-global", "-device", "-name", "-host", "-display", "-nographic", "-qmp", "-qtest", "-S", "-nodefaults", "-no-user-config", "-object",
            "-host-info", "-host-capture", "-preflight", "-domain-xml", "-verdict", "-print-qemu", "-L" })
        {
            Assert.Matches(new Regex("^" + Regex.Escape(option) + "[ \\[]", RegexOptions.Multiline), help);
        }
    }

    [Theory]
    [InlineData("-version")]
    [InlineData("--version")]
    public void VersionLineIsQemusWithQomSharpsVersionInThePackageParenthesis(string flag)
    {
        // QEMU: "QEMU emulator version 10.0.2 (<package version>)"; the package part is QomSharp's.
        string qemuFirst = Reference("version.txt").Split('\n')[1];
        var qemuShape = new Regex(@"^QEMU emulator version (\d+\.\d+\.\d+) \((.+)\)$");
        Assert.Equal(QomVersion.Qemu, qemuShape.Match(qemuFirst).Groups[1].Value);

        var run = ToolRun.Of(flag);
        Assert.Equal(0, run.ExitCode);
        string[] lines = run.Output.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        var match = qemuShape.Match(lines[0]);
        Assert.True(match.Success, lines[0]);
        Assert.Equal(QomVersion.Qemu, match.Groups[1].Value);
        Assert.Equal("QomSharp " + QomVersion.QomSharp, match.Groups[2].Value);
        Assert.Matches(@"^\d+\.\d+\.\d+", QomVersion.QomSharp);
    }

    [Fact]
    public void QomSharpsVersionIsTheOneSetForTheBuild()
    {
        // One version for the packages and the tool: VersionPrefix in Directory.Build.props.
        var directory = new DirectoryInfo(System.AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "Directory.Build.props")))
        {
            directory = directory.Parent!;
        }

        string props = File.ReadAllText(Path.Combine(directory.FullName, "Directory.Build.props"));
        Assert.Equal(QomVersion.QomSharp, Regex.Match(props, "<VersionPrefix>([^<]+)</VersionPrefix>").Groups[1].Value);
    }

    [Fact]
    public void HostHelpListsTheHostForms()
    {
        var run = ToolRun.Of("-host", "help");
        Assert.Equal(0, run.ExitCode);
        string[] forms = [.. Regex.Matches(run.Output.Split('\n', 2)[1], @"^(\S+) +\S", RegexOptions.Multiline).Select(m => m.Groups[1].Value)];
        Assert.Equal(["default", "FILE.json", "sysfs", "sysfs:ROOT", "DIR"], forms);
        Assert.StartsWith("Supported hosts are:\n", run.Output);
    }

    public static IEnumerable<object[]> QemuOptionErrors()
    {
        string text = File.ReadAllText(Path.Combine(System.AppContext.BaseDirectory, "reference-10.0", "option-errors.txt"));
        foreach (Match block in Regex.Matches(text, @"^# args: (.*)\n\$ .*\n((?:.+\n)+)", RegexOptions.Multiline))
        {
            yield return [block.Groups[1].Value, block.Groups[2].Value];
        }
    }

    [Theory]
    [MemberData(nameof(QemuOptionErrors))]
    public void OptionErrorsAreQemus(string args, string qemuError)
    {
        var run = ToolRun.Of(["-machine", "none", .. args.Split(' ')]);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(qemuError.Replace("qemu-system-x86_64: ", "qomsharp: "), run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void ReferenceHasEveryCheckedOption()
    {
        var args = QemuOptionErrors().Select(c => ((string)c[0]).Split(' ')[0]).ToHashSet();
        Assert.Superset(new HashSet<string> { "-m", "-name", "-display", "-foo", "--foo" }, args);
    }

    [Theory]
    [InlineData("-cpu", "host")]
    public void OptionsWithNothingBehindThemAreRefusedAsQemuRefusesAnotherTargetsOption(string option, string value)
    {
        // QEMU 10.0's text for an option of another target (reference: -g on x86).
        string qemu = Reference("option-not-supported.txt").Split('\n')[1];
        Assert.Equal("qemu-system-x86_64: -g 800x600: Option not supported for this target", qemu);
        var run = ToolRun.Of(option, value, "-machine", "none");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"qomsharp: {option} {value}: Option not supported for this target\n", run.Error);
    }

    [Fact]
    public void AKnownDisplayOtherThanNoneIsNotAvailable()
    {
        var run = ToolRun.Of("-machine", "none", "-display", "gtk");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("qomsharp: Display 'gtk' is not available.\n", run.Error);
    }

    [Theory]
    [InlineData("-display", "none")]
    [InlineData("-m", "2G,slots=4,maxmem=8G")]
    [InlineData("-m", "512")]
    [InlineData("-smp", "1")]
    [InlineData("-smp", "cpus=1,maxcpus=1,sockets=1,dies=1,modules=1,cores=1,threads=1")]
    [InlineData("-name", "guest0,process=qemu-guest0,debug-threads=on")]
    [InlineData("-S", null)]
    [InlineData("-nodefaults", null)]
    [InlineData("-nographic", null)]
    [InlineData("-no-user-config", null)]
    public void AcceptedOptionsLeaveTheMachineAsWithoutThem(string option, string? value)
    {
        string[] args = value is null ? [option, "-machine", "q35"] : [option, value, "-machine", "q35"];
        var run = ToolRun.Of(args);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Equal(ToolRun.Of("-machine", "q35").Output, run.Output);
    }

    [Fact]
    public void AnOptionBeforeHelpIsParsedFirst()
    {
        // QEMU parses options in order: a bad -m before -h fails; after -h it is never reached.
        Assert.Equal(1, ToolRun.Of("-m", "foo", "-h").ExitCode);
        Assert.Equal(0, ToolRun.Of("-h", "-m", "foo").ExitCode);
    }
}
