using System.Linq;
using QomSharp.Devices.I386;
using QomSharp.Devices.Machines;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Qdev;

namespace QomSharp.Devices.Tests.I386;

/// <summary>The I/O APIC's input lines and the board's GSI lines wired to the LPC.</summary>
public class IoapicTests
{
    [Fact]
    public void TheIoapicHas24NumberedInputs()
    {
        var run = ToolRun.Of("-machine", "q35");
        var ioapic = run.Resolve<Ioapic>("/machine/q35/ioapic");
        var pins = Enumerable.Range(0, 24).Select(n => ioapic.GetGpioIn(n)).ToList();
        Assert.All(pins, pin => Assert.NotNull(pin));
        Assert.Equal(Enumerable.Range(0, 24), pins.Select(p => p!.Number));
        Assert.Null(ioapic.GetGpioIn(24));
        Assert.Equal("irq", pins[0]!.TypeName);
    }

    [Fact]
    public void TheLpcDrivesTheBoardsGsiLines()
    {
        var run = ToolRun.Of("-machine", "q35");
        var machine = run.Resolve<PcMachine>("/machine");
        var lpc = run.Context.ResolvePath("/machine/unattached/device[2]")!;
        Assert.Equal(24, machine.GsiLines.Length);
        Assert.Equal("/machine/unattached/non-qdev-gpio[5]", lpc.GetPropertyString("gsi[5]"));
        Assert.Same(machine.GsiLines[5], lpc.GetPropertyLink("gsi[5]"));
    }

    [Fact]
    public void ALineCallsItsHandlerWithItsPin()
    {
        var run = ToolRun.Of("-machine", "q35");
        var unattached = run.Context.ResolvePath("/machine/unattached")!;
        (int Pin, int Level) seen = default;
        var line = Irq.Create(unattached, "test-line", 7, (pin, level) => seen = (pin, level));
        line.Set(1);
        Assert.Equal((7, 1), seen);
        Assert.Equal("/machine/unattached/test-line", line.CanonicalPath);
    }
}
