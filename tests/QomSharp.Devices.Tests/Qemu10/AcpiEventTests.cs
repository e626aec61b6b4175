using System;
using System.Linq;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// The ACPI events of the ICH9 PM device against QEMU 10.0 (capture_acpi_events.py,
/// qtest-acpi-events.txt), replayed as the reset transcripts are: each qtest line and QMP command
/// with its reply, the I/O APIC input changes (the SCI) during and after it, the QMP events
/// (SUSPEND, WAKEUP, SUSPEND_DISK, SHUTDOWN, STOP, POWERDOWN, RESET, DEVICE_DELETED) and the end of
/// the run. Sections: the SCI as PM1 status and enable change and as ACPI_CNTL moves it, the power
/// button, a machine reset; S3/wake-up and the run states with -no-shutdown, -action shutdown=pause,
/// -no-reboot; S4 with s4_val; a machine without ACPI; GPE0's hot-plug bits.
/// </summary>
public sealed class AcpiEventTests
{
    private static readonly Lazy<System.Collections.Generic.List<(string[] Args, System.Collections.Generic.List<QmpQtestStep> Steps)>> Sections =
        new(() => QmpQtestStep.ReadSections("qtest-acpi-events.txt"));

    public static TheoryData<int> SectionNumbers() => [.. Enumerable.Range(0, 10)];

    [Theory]
    [MemberData(nameof(SectionNumbers))]
    public void RepliesInterruptsEventsAndRunStatesAreQemu10s(int number)
    {
        Assert.Equal(10, Sections.Value.Count);
        var (args, steps) = Sections.Value[number];
        // The tool finds halt.bin through -L firmware, the reference directory's (QEMU ran there).
        QmpQtestReplay.Replay([.. args.Select(a => a == "firmware" ? Qemu10Reference.PathOf("firmware") : a)], steps);
    }

    /// <summary>
    /// A machine reset completes a pending ACPI PCI unplug (qtest-acpi-events-reset-unplug.txt):
    /// RESET, then DEVICE_DELETED (QEMU sends it once RCU releases the device), the function gone,
    /// the hot-plug and GPE0 registers cleared, the SCI lowered.
    /// </summary>
    [Fact]
    public void AResetCompletesAPendingUnplugAsQemu10Does()
    {
        var (args, steps) = QmpQtestStep.Read("qtest-acpi-events-reset-unplug.txt");
        Assert.Contains(steps, s => s.Events.Count == 2 && s.Events[0].StartsWith("RESET", StringComparison.Ordinal)
            && s.Events[1].StartsWith("DEVICE_DELETED", StringComparison.Ordinal));
        QmpQtestReplay.Replay(args, steps);
    }

    /// <summary>
    /// The SCI shares its line with the PCI interrupts routed there (qtest-sci-pirq.txt): on ISA
    /// IRQ 9 with a PIRQ routed to it, on GSI 20 with PIRQE; the line drops only when both are down,
    /// and moving the SCI carries its level along.
    /// </summary>
    [Fact]
    public void TheSciSharesItsLineWithThePirqsRoutedThere()
    {
        var (args, steps) = QmpQtestStep.Read("qtest-sci-pirq.txt");
        Assert.Equal(14, steps.Sum(s => s.During.Count + s.After.Count(a => a.StartsWith("IRQ ", StringComparison.Ordinal))));
        QmpQtestReplay.Replay(args, steps);
    }

    [Fact]
    public void TheTranscriptsCoverEachKindOfEvent()
    {
        var after = Sections.Value.SelectMany(s => s.Steps).SelectMany(s => s.During.Concat(s.Events.Select(e => "event " + e)).Concat(s.After)).ToList();
        foreach (var (line, minimum) in new[]
        {
            ("event SUSPEND", 8), ("event WAKEUP", 6), ("event SUSPEND_DISK", 4), ("event SHUTDOWN", 8), ("event STOP", 3),
            ("event POWERDOWN", 5), ("event DEVICE_DELETED", 2), ("IRQ raise 9", 15), ("IRQ lower 9", 15), ("IRQ raise 21", 2), ("exit", 4),
        })
        {
            int count = after.Count(l => l.StartsWith(line, StringComparison.Ordinal));
            Assert.True(count >= minimum, $"{line}: {count}");
        }
    }
}
