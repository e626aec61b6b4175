using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Qtest;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// HMP <c>info mtree</c>, <c>info mtree -D</c>, <c>info mtree -o</c> and <c>info mtree -f</c> against QEMU 10.0
/// (capture_mtree.py, mtree-NAME.txt): each configuration's qtest lines replayed (their replies
/// compared), then each command's output compared line by line. QEMU prints the address spaces in
/// an order that changes from run to run, so both sides are put in the capture's canonical order
/// (address-space sections, then memory-region sections, each sorted by their text; flat views sorted).
/// </summary>
public class MtreeReferenceTests
{
    // The cases compared, and the commands.
    private static readonly string[] Cases = ["pci-bars", "q35", "q35-m3G", "q35-m4G", "pc-q35-9.1", "q35-smm-off", "intel-iommu", "virtio-iommu", "pam-smram", "smram-low", "bridges", "ahci-smbus", "smbus-off", "smp4", "smp-sockets", "cpu-plug", "cpu-unplug", "pci-unplug", "dispatch-mru", "dispatch-unassigned", "dispatch-incoming", "dispatch-bus-master"];
    private static readonly string[] Commands = ["info mtree", "info mtree -D", "info mtree -o", "info mtree -f", "info mtree -f -d"];

    public static TheoryData<string, string> CaseCommands()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in Cases)
        {
            foreach (string command in Commands)
            {
                data.Add(name, command);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseCommands))]
    public void OutputIsQemu10s(string name, string command)
    {
        var (args, steps, outputs) = Read($"mtree-{name}.txt");
        var run = ToolRun.Of(args);
        Assert.True(run.ExitCode == 0, run.Error);
        var qtest = new QtestSession(run.Context.Qdev.SystemMemory, run.Context.Qdev.IoSpace, TextWriter.Null);
        foreach (var (line, reply) in steps)
        {
            if (line.StartsWith("qmp ", StringComparison.Ordinal))
            {
                var answer = QmpTranscript.Run(run.Context, line["qmp ".Length..])[0];
                Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(reply), answer), $"{line}: {answer.ToJsonString()}");
            }
            else
            {
                Assert.Equal(reply, qtest.Handle(line).TrimEnd('\n'));
            }
        }

        string expected = outputs[command].TrimEnd('\n');
        string ours = Canonical(Hmp(run.Context, command)).TrimEnd('\n');
        Assert.True(expected.Split('\n').Length > 20, $"only {expected.Split('\n').Length} lines");
        Assert.Equal(expected, ours);
    }

    /// <summary>
    /// info mtree -f -d on -machine q35 -S (mtree-q35-f-d.txt): each flat view's physical sections
    /// (subpages, the fixed labels of the first four, [ROOT]) and its compacted page table, and
    /// [MRU] on the firmware's section, the system memory's last lookup when QEMU's ROM loader wrote it.
    /// </summary>
    [Fact]
    public void DispatchTablesAreQemu10s()
    {
        var context = ToolRun.Of("-nodefaults", "-display", "none", "-S", "-machine", "q35").Context;
        string expected = File.ReadAllText(Qemu10Reference.PathOf("mtree-q35-f-d.txt"));
        Assert.Contains("[MRU]", expected, StringComparison.Ordinal);
        Assert.Equal(expected, "(qemu) info mtree -f -d\n" + Canonical(Hmp(context, "info mtree -f -d")));
    }

    /// <summary>The bus master alias follows the command register; the ICH9 PM block is enabled at its base once ACPI is on.</summary>
    [Fact]
    public void EnablesFollowTheGuestsRegisters()
    {
        var run = ToolRun.Of("-nodefaults", "-S", "-machine", "q35", "-device", "pci-testdev,id=t0,addr=3");
        var qtest = new QtestSession(run.Context.Qdev.SystemMemory, run.Context.Qdev.IoSpace, TextWriter.Null);
        string before = Hmp(run.Context, "info mtree");
        Assert.DoesNotContain("alias bus master", before, StringComparison.Ordinal);
        Assert.DoesNotContain("ich9-pm", before, StringComparison.Ordinal);

        // 00:03.0 command: bus master; ICH9-LPC (00:1f.0) PMBASE 0x600 and ACPI_CNTL ACPI_EN.
        foreach (string line in (string[])["outl 0xcf8 0x80001804", "outw 0xcfc 0x4", "outl 0xcf8 0x8000f840", "outl 0xcfc 0x601", "outl 0xcf8 0x8000f844", "outb 0xcfc 0x80"])
        {
            Assert.Equal("OK", qtest.Handle(line).TrimEnd('\n'));
        }

        string after = Hmp(run.Context, "info mtree");
        Assert.Contains("""
            address-space: pci-testdev
              0000000000000000-ffffffffffffffff (prio 0, i/o): bus master container
                0000000000000000-ffffffffffffffff (prio 0, i/o): alias bus master @system 0000000000000000-ffffffffffffffff

            """.Replace("\r\n", "\n", StringComparison.Ordinal), after, StringComparison.Ordinal);
        Assert.Contains("    0000000000000600-000000000000067f (prio 0, i/o): ich9-pm\n      0000000000000600-0000000000000603 (prio 0, i/o): acpi-evt\n", after, StringComparison.Ordinal);

        Assert.Equal("OK", qtest.Handle("outl 0xcf8 0x80001804").TrimEnd('\n'));
        Assert.Equal("OK", qtest.Handle("outw 0xcfc 0x0").TrimEnd('\n'));
        Assert.Contains("alias bus master @system 0000000000000000-ffffffffffffffff [disabled]", Hmp(run.Context, "info mtree -D"), StringComparison.Ordinal);
    }

    /// <summary>The flags as QEMU takes them (mtree-options.txt): one each, in the order -f -d -o -D; the refusals word for word.</summary>
    [Fact]
    public void FlagsAreTakenAsQemu10TakesThem()
    {
        var context = ToolRun.Of("-nodefaults", "-S", "-machine", "q35").Context;
        string[] parts = File.ReadAllText(Qemu10Reference.PathOf("mtree-options.txt")).Split("(qemu) ", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8, parts.Length);
        foreach (string part in parts)
        {
            int newline = part.IndexOf('\n', StringComparison.Ordinal);
            string command = part[..newline];
            string expected = part[(newline + 1)..];
            string ours = Hmp(context, command);
            Assert.Equal(expected, ours.StartsWith("address-space: ", StringComparison.Ordinal) ? Canonical(ours) : ours);
        }
    }

    internal static string Hmp(QomContext context, string command) =>
        QmpTranscript.Run(context, new System.Text.Json.Nodes.JsonObject
        {
            ["execute"] = "human-monitor-command",
            ["arguments"] = new System.Text.Json.Nodes.JsonObject { ["command-line"] = command },
        }.ToJsonString())[0]["return"]!
            .GetValue<string>().Replace("\r\n", "\n", StringComparison.Ordinal);

    // capture_mtree.py's canonical order: the address-space sections sorted, then the memory-region
    // ones; -f: the flat views sorted without their number line, then numbered again.
    internal static string Canonical(string text)
    {
        var parts = text.Split("\n\n").Where(p => p.Trim().Length > 0).ToList();
        if (parts.Count > 0 && parts[0].StartsWith("FlatView #", StringComparison.Ordinal))
        {
            var views = parts.Select(p => p[(p.IndexOf('\n', StringComparison.Ordinal) + 1)..]).Order(StringComparer.Ordinal).ToList();
            return string.Concat(views.Select((v, i) => $"FlatView #{i}\n{v}\n\n"));
        }

        var spaces = parts.Where(p => p.StartsWith("address-space: ", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        var regions = parts.Where(p => p.StartsWith("memory-region: ", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        return string.Concat(spaces.Concat(regions).Select(p => p + "\n\n"));
    }

    // The file: the command line, the qtest steps with their replies, then "(qemu) COMMAND" and its output for each command.
    internal static (string[] Args, List<(string Line, string Reply)> Steps, Dictionary<string, string> Outputs) Read(string name)
    {
        string[] lines = File.ReadAllText(Qemu10Reference.PathOf(name)).Split('\n');
        string[] args = lines[0]["$ qemu-system-x86_64 ".Length..].Split(' ').TakeWhile(w => w != "-qmp").ToArray();
        var steps = new List<(string, string)>();
        int i = 1;
        while (lines[i].StartsWith("qtest ", StringComparison.Ordinal) || lines[i].StartsWith("qmp ", StringComparison.Ordinal))
        {
            // A QMP step keeps its prefix; the events after a reply are not compared here.
            steps.Add((lines[i].StartsWith("qtest ", StringComparison.Ordinal) ? lines[i]["qtest ".Length..] : lines[i], lines[i + 1]["  -> ".Length..]));
            i += 2;
            while (lines[i].StartsWith("  event ", StringComparison.Ordinal))
            {
                i++;
            }
        }

        var outputs = new Dictionary<string, string>();
        string? command = null;
        var output = new List<string>();
        for (; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("(qemu) ", StringComparison.Ordinal))
            {
                if (command is not null)
                {
                    outputs[command] = string.Join('\n', output);
                }

                command = lines[i]["(qemu) ".Length..];
                output.Clear();
            }
            else
            {
                output.Add(lines[i]);
            }
        }

        outputs[command!] = string.Join('\n', output);
        return (args, steps, outputs);
    }
}
