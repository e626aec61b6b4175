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
    public static TheoryData<int> Sections() => [0, 1, 2, 3, 4];

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
