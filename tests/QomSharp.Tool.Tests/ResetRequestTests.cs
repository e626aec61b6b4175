using System.Linq;

namespace QomSharp.Tool.Tests;

/// <summary>Reset requests through the tool's own servers: qtest on stdio and QMP on stdio.</summary>
public class ResetRequestTests
{
    [Fact]
    public void QtestReportsTheLinesOfAResetAfterTheRequestsReply()
    {
        // As QEMU 10.0 answers the same lines: the HPET's reset lets the PIT's output through to
        // IRQ 0, the i8042's lowers IRQ 1, and the controller reads as after power-on.
        var run = ToolRun.WithInput("irq_intercept_in ioapic\noutb 0x60 0xf2\noutb 0x64 0xfe\ninb 0x64\n", "-machine", "q35", "-S", "-qtest", "stdio");
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal("OK\nIRQ raise 1\nOK\nOK\nIRQ raise 0\nIRQ lower 1\nOK 0x0018\n", run.Output);
    }

    [Fact]
    public void SystemResetSendsResetOrShutdown()
    {
        const string Script = "{\"execute\": \"qmp_capabilities\"}\n{\"execute\": \"system_reset\"}\n{\"execute\": \"query-status\"}\n";
        var reset = ToolRun.WithInput(Script, "-machine", "q35", "-S", "-qmp", "stdio");
        var events = reset.Output.Split('\n').Where(l => l.Contains("\"event\"", System.StringComparison.Ordinal)).ToList();
        Assert.Contains("\"event\": \"RESET\", \"data\": {\"guest\": false, \"reason\": \"host-qmp-system-reset\"}", events[0], System.StringComparison.Ordinal);
        Assert.Contains("prelaunch", reset.Output, System.StringComparison.Ordinal);

        var shutdown = ToolRun.WithInput(Script, "-machine", "q35", "-S", "-action", "reboot=shutdown", "-qmp", "stdio");
        Assert.Contains("\"event\": \"SHUTDOWN\", \"data\": {\"guest\": false, \"reason\": \"host-qmp-system-reset\"}", shutdown.Output, System.StringComparison.Ordinal);
        Assert.DoesNotContain("prelaunch", shutdown.Output, System.StringComparison.Ordinal);
    }
}
