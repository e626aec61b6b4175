using System;
using System.Collections.Generic;
using System.Linq;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// The run states around QMP's <c>stop</c> and <c>cont</c> against QEMU 10.0 (capture_runstate.py,
/// qtest-runstate.txt), replayed step by step: STOP and RESUME, <c>query-status</c>, the errors of
/// <c>cont</c> after a shutdown and of <c>system_wakeup</c> when not suspended, and how they meet
/// S3 (<c>suspended</c>, a stopped suspended guest continues suspended), <c>-no-shutdown</c> and
/// <c>-action shutdown=pause</c> (<c>shutdown</c>) and <c>system_reset</c> (<c>prelaunch</c>); the
/// same through HMP (<c>stop</c>, <c>cont</c>, <c>c</c>, <c>system_*</c>, <c>info status</c>, the
/// extraneous-characters refusals). Then the order of RESET or WAKEUP and DEVICE_DELETED when a
/// machine reset completes a pending ACPI PCI unplug (qtest-reset-unplug-order.txt).
/// </summary>
public sealed class RunStateTests
{
    private static readonly Lazy<List<(string[] Args, List<QmpQtestStep> Steps)>> Sections =
        new(() => QmpQtestStep.ReadSections("qtest-runstate.txt"));

    private static readonly Lazy<List<(string[] Args, List<QmpQtestStep> Steps)>> UnplugSections =
        new(() => QmpQtestStep.ReadSections("qtest-reset-unplug-order.txt"));

    public static TheoryData<int> SectionNumbers() => [.. Enumerable.Range(0, 4)];

    public static TheoryData<int> UnplugSectionNumbers() => [.. Enumerable.Range(0, 2)];

    // The tool finds halt.bin through -L firmware, the reference directory's (QEMU ran there).
    private static string[] Local(string[] args) => [.. args.Select(a => a == "firmware" ? Qemu10Reference.PathOf("firmware") : a)];

    [Theory]
    [MemberData(nameof(SectionNumbers))]
    public void StopContAndTheRunStatesAreQemu10s(int number)
    {
        Assert.Equal(4, Sections.Value.Count);
        var (args, steps) = Sections.Value[number];
        QmpQtestReplay.Replay(Local(args), steps);
    }

    [Theory]
    [MemberData(nameof(UnplugSectionNumbers))]
    public void AResetsDeviceDeletedComesAfterItsEventAsQemu10s(int number)
    {
        Assert.Equal(2, UnplugSections.Value.Count);
        var (args, steps) = UnplugSections.Value[number];
        QmpQtestReplay.Replay(Local(args), steps);
    }

    /// <summary>
    /// -incoming defer with a guest that acts (qtest-incoming.txt): S3 leaves inmigrate (suspended,
    /// then running once woken); a guest shutdown leaves it with -no-shutdown and ends the run without.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void IncomingDeferMeetsTheGuestsSleepStatesAsQemu10s(int number)
    {
        var sections = QmpQtestStep.ReadSections("qtest-incoming.txt");
        Assert.Equal(3, sections.Count);
        var (args, steps) = sections[number];
        Assert.Contains(steps, s => s.Reply.Contains("\"status\": \"inmigrate\"", StringComparison.Ordinal));
        QmpQtestReplay.Replay(Local(args), steps);
    }

    /// <summary>
    /// The transitions qtest-runstate-more.txt adds: QMP system_powerdown and system_wakeup while
    /// running, paused, suspended (and stopped there), shut down with -no-shutdown, in prelaunch and
    /// in inmigrate, with the power button's PM1 status read back; a second S3 while suspended; S4
    /// (SUSPEND_DISK, SHUTDOWN, STOP) while running, suspended and in inmigrate; stop and cont repeated.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void PowerButtonWakeupAndSleepInEachStateAreQemu10s(int number)
    {
        var sections = QmpQtestStep.ReadSections("qtest-runstate-more.txt");
        Assert.Equal(4, sections.Count);
        var (args, steps) = sections[number];
        Assert.True(steps.Count(s => s.Events.Any(e => e.StartsWith("POWERDOWN", StringComparison.Ordinal))) >= 3);
        QmpQtestReplay.Replay(Local(args), steps);
    }

    /// <summary>
    /// S3 while paused and in prelaunch (qtest-runstate-more.txt): SUSPEND and suspended, cont does
    /// nothing, stop and cont go through paused back to suspended, system_wakeup runs the guest; S3
    /// once shut down: QEMU 10.0 ends (an invalid run-state transition).
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void SuspendWhileStoppedOrShutDownIsQemu10s(int number)
    {
        var (args, steps) = QmpQtestStep.ReadSections("qtest-runstate-more.txt")[number];
        QmpQtestReplay.Replay(Local(args), steps);
    }

    [Fact]
    public void TheTranscriptsCoverEachStateAndOrder()
    {
        var steps = Sections.Value.SelectMany(s => s.Steps).ToList();
        var events = steps.SelectMany(s => s.Events).ToList();
        Assert.True(events.Count(e => e.StartsWith("STOP", StringComparison.Ordinal)) >= 15);
        Assert.True(events.Count(e => e.StartsWith("RESUME", StringComparison.Ordinal)) >= 15);
        foreach (string status in new[] { "prelaunch", "running", "paused", "suspended", "shutdown" })
        {
            Assert.Contains(steps, s => s.Reply.Contains($"\"status\": \"{status}\"", StringComparison.Ordinal));
        }

        foreach (string text in new[] { "VM status: running", "VM status: paused\\r", "VM status: paused (prelaunch)", "VM status: paused (suspended)",
            "VM status: paused (shutdown)", "Resetting the Virtual Machine is required", "extraneous characters" })
        {
            Assert.Contains(steps, s => s.Reply.Contains(text, StringComparison.Ordinal));
        }

        // RESET (or WAKEUP) first, then each DEVICE_DELETED: QMP, HMP, 0xcf9, i8042, two at once, the wake-up, while paused.
        var unplugs = UnplugSections.Value[0].Steps.Where(s => s.Events.Any(e => e.StartsWith("DEVICE_DELETED", StringComparison.Ordinal))).ToList();
        Assert.Equal(7, unplugs.Count);
        Assert.All(unplugs, s => Assert.False(s.Events[0].StartsWith("DEVICE_DELETED", StringComparison.Ordinal)));
    }
}
