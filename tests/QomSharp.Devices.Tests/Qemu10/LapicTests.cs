using System;
using System.IO;
using System.Linq;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Qtest;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// The local APICs' interrupt state against QEMU 10.0 (capture_lapic.py): qtest-lapic.txt's
/// sections replayed step by step (messages written into the APIC window, IOAPIC entries served,
/// ahci's MSI, remapped messages and intel-iommu's fault event; HMP <c>info lapic</c> of each CPU
/// and its argument forms compared after them), and mtree-lapic-NAME.txt's <c>info mtree -f -d</c>
/// after each kind of message (which dispatch records the last lookup: [MRU]).
/// </summary>
public class LapicTests
{
    public static TheoryData<int> Sections() => [0, 1, 2, 3, 4, 5, 6];

    [Theory]
    [MemberData(nameof(Sections))]
    public void InterruptStateIsQemu10s(int section)
    {
        var (args, steps) = QmpQtestStep.ReadSections("qtest-lapic.txt")[section];
        Assert.True(steps.Count(s => s.Command.Contains("info lapic", StringComparison.Ordinal)) >= 2);
        // The capture delivers something: some IRR of its info lapic outputs is not empty.
        Assert.Contains(steps, s => s.Reply.Contains("IRR\\t ", StringComparison.Ordinal) && !s.Reply.Contains("IRR\\t (none)", StringComparison.Ordinal));
        QmpQtestReplay.Replay(args, steps);
    }

    public static TheoryData<string> MtreeCases() =>
        ["direct", "ioapic", "pci-msi", "nodmar-msi", "nodmar-dma", "remapped-msi", "remapped-ioapic", "fault-unmasked", "fault-event"];

    [Theory]
    [MemberData(nameof(MtreeCases))]
    public void DispatchAfterMessagesIsQemu10s(string name)
    {
        var (args, steps, outputs) = MtreeReferenceTests.Read($"mtree-lapic-{name}.txt");
        var run = ToolRun.Of(args);
        Assert.True(run.ExitCode == 0, run.Error);
        var qtest = new QtestSession(run.Context.Qdev.SystemMemory, run.Context.Qdev.IoSpace, TextWriter.Null);
        foreach (var (line, reply) in steps)
        {
            Assert.Equal(reply, qtest.Handle(line).TrimEnd('\n'));
        }

        string expected = outputs["info mtree -f -d"].TrimEnd('\n');
        Assert.Contains("[MRU]", expected, StringComparison.Ordinal);
        string ours = MtreeReferenceTests.Canonical(MtreeReferenceTests.Hmp(run.Context, "info mtree -f -d")).TrimEnd('\n');
        Assert.Equal(expected, ours);
    }

    /// <summary>
    /// 100,000 nested parentheses or prefix operators through QMP's human-monitor-command: an HMP
    /// error (parentheses nest 1000 deep at most; prefix runs are folded in a loop), not a stack
    /// overflow, and the session answers the next command. (QEMU recurses without bound: no text.)
    /// </summary>
    [Theory]
    [InlineData("(", "parentheses nested too deeply\n")]
    [InlineData("-(", "parentheses nested too deeply\n")]
    [InlineData("-", null)]
    [InlineData("~", null)]
    [InlineData("+", null)]
    public void DeepExpressionsAreRefused(string unit, string? error)
    {
        var run = ToolRun.Of(["-nodefaults", "-display", "none", "-machine", "q35", "-smp", "2", "-S"]);
        Assert.True(run.ExitCode == 0, run.Error);
        string Hmp(string line) => QmpTranscript.Run(run.Context,
            new System.Text.Json.Nodes.JsonObject
            {
                ["execute"] = "human-monitor-command",
                ["arguments"] = new System.Text.Json.Nodes.JsonObject { ["command-line"] = line },
            }.ToJsonString())[0]["return"]!.GetValue<string>().Replace("\r\n", "\n", StringComparison.Ordinal);

        string deep = "info lapic " + string.Concat(Enumerable.Repeat(unit, 100_000)) + "1";
        string reply = Hmp(deep);
        const string Usage = "Try \"help info lapic\" for more information\n";
        if (error is not null)
        {
            Assert.Equal(error + Usage, reply);
        }
        else
        {
            // 100,000 minus signs: 1; 100,000 tildes: 1; pluses: 1. APIC 1's text.
            Assert.StartsWith("dumping local APIC state for CPU 1 ", reply, StringComparison.Ordinal);
        }

        Assert.StartsWith("dumping local APIC state for CPU 1 ", Hmp("info lapic " + new string('(', 1000) + "1" + new string(')', 1000)), StringComparison.Ordinal);
        Assert.Equal("parentheses nested too deeply\n" + Usage, Hmp("info lapic " + new string('(', 1001) + "1" + new string(')', 1001)));
        Assert.StartsWith("dumping local APIC state for CPU 0 ", Hmp("info lapic 0"), StringComparison.Ordinal);
    }

    /// <summary>
    /// long.MinValue / -1 and % -1: x86's idiv traps (QEMU dies of SIGFPE, no text to compare);
    /// here the two's-complement results, MinValue and 0, with no exception.
    /// </summary>
    [Theory]
    [InlineData("0x8000000000000000/-1", "'lapic' has failed: integer is for 32-bit values\nTry \"help info lapic\" for more information\n")]
    [InlineData("0x8000000000000000%-1+1", "dumping local APIC state for CPU 1 ")]
    [InlineData("(0x8000000000000000/-1)/0x8000000000000000", "dumping local APIC state for CPU 1 ")]
    public void MinValueOverMinusOneWraps(string expression, string start)
    {
        var run = ToolRun.Of(["-nodefaults", "-display", "none", "-machine", "q35", "-smp", "2", "-S"]);
        Assert.True(run.ExitCode == 0, run.Error);
        var answer = QmpTranscript.Run(run.Context, new System.Text.Json.Nodes.JsonObject
        {
            ["execute"] = "human-monitor-command",
            ["arguments"] = new System.Text.Json.Nodes.JsonObject { ["command-line"] = "info lapic " + expression },
        }.ToJsonString())[0];
        Assert.StartsWith(start, answer["return"]!.GetValue<string>().Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    /// <summary>
    /// Logical destinations under the cluster model (DFR 0x0): cluster 0xf is a broadcast to every
    /// cluster, the low 4 bits still against each LDR's (apic_get_delivery_bitmask). The registers
    /// cannot be written over qtest (no current CPU), so the LDR and DFR are set here directly.
    /// </summary>
    [Fact]
    public void ClusterFifteenIsBroadcast()
    {
        var run = ToolRun.Of(["-nodefaults", "-display", "none", "-machine", "q35", "-smp", "4", "-S"]);
        Assert.True(run.ExitCode == 0, run.Error);
        var apics = ((QomSharp.Devices.Machines.PcMachine)run.Context.ResolvePath("/machine")!).Apics;
        byte[] ldrs = [0x11, 0x22, 0x31, 0x12];
        for (int i = 0; i < 4; i++)
        {
            apics.Apics[i].SetLogicalDestination(ldrs[i], 0x0);
        }

        apics.SendMessage(0xfeef1004, 0x40);   // cluster 15, member bit 0: APICs 0 and 2
        apics.SendMessage(0xfee21004, 0x41);   // cluster 2, member bit 0: none (APIC 1 is member bit 1)
        apics.SendMessage(0xfee12004, 0x42);   // cluster 1, member bit 1: APIC 3
        apics.SendMessage(0xfeef2004, 0x43);   // cluster 15, member bit 1: APICs 1 and 3
        (byte Vector, bool[] Apics)[] cases = [(0x40, [true, false, true, false]), (0x41, [false, false, false, false]),
            (0x42, [false, false, false, true]), (0x43, [false, true, false, true])];
        foreach (var (vector, set) in cases)
        {
            for (int i = 0; i < 4; i++)
            {
                Assert.True(set[i] == apics.Apics[i].IsRequested(vector), $"vector {vector:x} APIC {i}");
            }
        }
    }

    /// <summary>A message written into the APIC window is delivered without allocating.</summary>
    [Fact]
    public void DeliveryAllocatesNothing()
    {
        var run = ToolRun.Of(["-nodefaults", "-display", "none", "-machine", "q35", "-smp", "2", "-S"]);
        Assert.True(run.ExitCode == 0, run.Error);
        var memory = run.Context.Qdev.SystemMemory;
        var apics = ((QomSharp.Devices.Machines.PcMachine)run.Context.ResolvePath("/machine")!).Apics;
        memory.Write(0xfee01000, 0x4031, 4);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            memory.Write(0xfee01000, 0x8040 | (uint)(i & 0xf), 4);
            apics.SendMessage(0xfee00000, 0x4050);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(apics.Apics[1].IsRequested(0x31) && apics.Apics[1].IsRequested(0x4f) && apics.Apics[1].IsLevel(0x4f));
        Assert.True(apics.Apics[0].IsRequested(0x50) && !apics.Apics[0].IsLevel(0x50) && !apics.Apics[0].IsRequested(0x31));
    }
}
