namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// intel-iommu's registers and engine across <c>system_reset</c> against QEMU 10.0's
/// (qtest-vtd-reset.txt, capture_vtd_registers.py): the root table, translation, queued
/// invalidation, interrupt remapping and event registers programmed, reset, read again and the
/// queue programmed anew, in legacy and scalable mode.
/// </summary>
public class VtdRegisterResetTests
{
    private const string File = "qtest-vtd-reset.txt";

    [Fact]
    public void ResetPutsTheEngineBackAsQemu10Does()
    {
        var sections = QmpQtestStep.ReadSections(File);
        Assert.Equal(2, sections.Count);
        foreach (var (args, steps) in sections)
        {
            Assert.Contains(steps, s => s.Command.Contains("system_reset", System.StringComparison.Ordinal));
            Assert.True(steps.Count > 300, $"only {steps.Count} steps");
            QmpQtestReplay.Replay(args, steps);
        }
    }
}
