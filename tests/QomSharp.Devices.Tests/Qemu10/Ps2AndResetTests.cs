using System;
using System.Linq;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// The PS/2 keyboard and mouse behind the i8042 and the machine's reset requests against QEMU 10.0
/// (capture_ps2_reset.py: qtest-ps2.txt, qtest-reset.txt). Each transcript is replayed step by step:
/// qtest lines (with <c>irq_intercept_in ioapic</c>, so the IRQ 1/12 changes each command causes are
/// compared too) and QMP commands; after each step, the QMP events (RESET, SHUTDOWN), the interrupt
/// changes of a reset the step asked for, and whether the run ended (<see cref="QmpQtestReplay"/>).
/// </summary>
public sealed class Ps2AndResetTests
{
    [Fact]
    public void KeyboardAndMouseRepliesAndIrqLinesAreQemu10s()
    {
        var (args, steps) = QmpQtestStep.Read("qtest-ps2.txt");
        Assert.True(steps.Count > 800, $"only {steps.Count} steps");
        Assert.True(steps.Count(s => s.During.Count > 0) > 100, "too few steps with interrupt changes");
        QmpQtestReplay.Replay(args, steps);
    }

    [Fact]
    public void ResetRequestsEventsAndRegistersAfterResetAreQemu10s()
    {
        var sections = QmpQtestStep.ReadSections("qtest-reset.txt");
        foreach (var (args, steps) in sections)
        {
            QmpQtestReplay.Replay(args, steps);
        }

        Assert.Equal(6, sections.Count);
        Assert.Equal(10, sections[0].Steps.Count(s => s.Events.Any(e => e.StartsWith("RESET", StringComparison.Ordinal))));
        Assert.Equal(3, sections.Count(s => s.Steps[^1].After.Contains("exit")));
    }
}
