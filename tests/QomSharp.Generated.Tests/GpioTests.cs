using System.Linq;
using QomSharp.Generated.Tests.Types;
using QomSharp.Qdev;

namespace QomSharp.Generated.Tests;

/// <summary>A device's input lines are numbered as QEMU numbers them: each takes the first free index of its name.</summary>
public sealed class GpioTests
{
    private readonly QomContext context = new();

    [Fact]
    public void LinesTakeTheFirstFreeIndicesAndGoOnAcrossCalls()
    {
        var box = context.New<E2eGpioBox>();
        var taken = context.New<Irq>();
        box.AddChild("unnamed-gpio-in[1]", taken);
        taken.Unref();

        var first = box.AddInputs(2);
        var more = box.AddInputs(2);
        Assert.Equal([0, 2, 3, 4], first.Concat(more).Select(l => l.Number));
        Assert.Equal(["unnamed-gpio-in[0]", "unnamed-gpio-in[2]", "unnamed-gpio-in[3]", "unnamed-gpio-in[4]"],
            first.Concat(more).Select(l => l.CanonicalPathComponent));
        Assert.Same(more[1], box.GetGpioIn(4));
        Assert.Same(taken, box.GetGpioIn(1));
        Assert.Null(box.GetGpioIn(5));
        Assert.Null(box.GetGpioIn(-1));
    }

    [Fact]
    public void NamedLinesAreNumberedByTheirOwnName()
    {
        var box = context.New<E2eGpioBox>();
        box.AddInputs(1);
        var named = box.AddInputs(2, "a20");
        Assert.Equal([0, 1], named.Select(l => l.Number));
        Assert.Same(named[1], box.GetGpioIn(1, "a20"));
        Assert.Null(box.GetGpioIn(1));
    }
}
