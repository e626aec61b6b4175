using QomSharp.Generated.Tests.Types;

namespace QomSharp.Generated.Tests;

/// <summary>Hooks run in QEMU's order: class init parent first, base init nearest ancestor first, instance init and post-init root first, finalize leaf first.</summary>
public sealed class HookOrderTests
{
    [Fact]
    public void ClassHooksRunParentFirstAndBaseInitNearestFirst()
    {
        var context = new QomContext();
        var klass = (TraceClass)context.GetClass("e2e-hook-c");
        Assert.Equal("ci:a;bi:a;ci:b;bi:b;bi:a;ci:c;", klass.Trace);
        Assert.Equal("ci:a;", ((TraceClass)context.GetClass("e2e-hook-a")).Trace);
    }

    [Fact]
    public void InstanceHooksRunRootFirstAndFinalizeLeafFirst()
    {
        var context = new QomContext();
        var obj = (HookC)context.New("e2e-hook-c");
        Assert.Equal("init:a;init:b;init:c;post:a;post:b;post:c;", obj.Trace);

        obj.Unref();
        Assert.True(obj.IsFinalized);
        Assert.Equal("init:a;init:b;init:c;post:a;post:b;post:c;fin:c;fin:b;fin:a;", obj.Trace);
    }

    [Fact]
    public void DefaultsAreInEffectBeforeInstanceInit()
    {
        var device = new QomContext().New<E2eDevice>();
        Assert.Equal(39, device.AwBitsSeenByInit);
    }
}
