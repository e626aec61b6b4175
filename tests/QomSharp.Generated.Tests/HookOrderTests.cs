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
    public void ATypeRegisteredAtRunTimeBelowAGeneratedChainRunsTheSameHooksInTheSameOrder()
    {
        // The generated chain is created in one call through its virtual hook chains; a run-time
        // subtype (no factory of its own: its parent's object) goes through the hook delegates.
        var context = new QomContext();
        var runTime = new QomDynamicModule().Register(context, new QomDynamicType("e2e-hook-d", "e2e-hook-c")
        {
            InstanceInit = static o => ((HookA)o).Trace += "init:d;",
            InstancePostInit = static o => ((HookA)o).Trace += "post:d;",
            InstanceFinalize = static o => ((HookA)o).Trace += "fin:d;",
        });
        var obj = (HookC)context.New(runTime.Name);
        Assert.Equal("e2e-hook-d", obj.TypeName);
        Assert.Equal("init:a;init:b;init:c;init:d;post:a;post:b;post:c;post:d;", obj.Trace);
        obj.Unref();
        Assert.Equal("init:a;init:b;init:c;init:d;post:a;post:b;post:c;post:d;fin:d;fin:c;fin:b;fin:a;", obj.Trace);

        // The same below a device chain: device's hooks first of their kind, the -global applied.
        context.Qdev.Globals.Add(new QomSharp.Qdev.GlobalProperty("e2e-hook-dev-run-time", "level", "7"));
        var runTimeDevice = new QomDynamicModule().Register(context, new QomDynamicType("e2e-hook-dev-run-time", "e2e-hook-dev-leaf")
        {
            InstancePostInit = static o => ((HookDevice)o).Trace += "post:run-time;",
        });
        var device = (HookDeviceLeaf)context.New(runTimeDevice.Name);
        Assert.Equal("init:dev hotplugged=False;init:leaf level=2;post:dev level=7;post:run-time;", device.Trace);
        Assert.Equal(7, device.Level);
        device.Unref();
        Assert.Equal("init:dev hotplugged=False;init:leaf level=2;post:dev level=7;post:run-time;fin:mid;", device.Trace);
    }

    [Fact]
    public void OnlyANewObjectIsInitialisedWithAClass()
    {
        var context = new QomContext();
        var obj = context.New("e2e-hook-c");
        var error = Assert.Throws<System.InvalidOperationException>(() => QomObject.InitializeNewInstance(obj, obj.Class));
        Assert.Equal("only a new object is initialised, with its class", error.Message);
        Assert.Equal(1, obj.RefCount);
        obj.Unref();
    }

    [Fact]
    public void DefaultsAreInEffectBeforeInstanceInit()
    {
        var device = new QomContext().New<E2eDevice>();
        Assert.Equal(39, device.AwBitsSeenByInit);
    }

    [Fact]
    public void EachNewDeviceFollowsTheQdevStateAsItIsThen()
    {
        var context = new QomContext();
        var qdev = context.Qdev;
        HookDeviceLeaf Make()
        {
            var device = (HookDeviceLeaf)context.New("e2e-hook-dev-leaf");
            device.Unref();
            return device;
        }

        var plain = Make();
        Assert.False(plain.IsHotplugged);
        Assert.Equal(2, plain.Level);

        qdev.Globals.Add(new QomSharp.Qdev.GlobalProperty("e2e-hook-dev-leaf", "level", "5"));
        Assert.Equal(5, Make().Level);
        qdev.Globals.Insert(0, new QomSharp.Qdev.GlobalProperty("e2e-hook-dev-leaf", "level", "6"));
        Assert.Equal(5, Make().Level);
        qdev.Globals.RemoveAt(1);
        Assert.Equal(6, Make().Level);
        qdev.Globals.RemoveAt(0);
        Assert.Equal(2, Make().Level);
        qdev.Globals.Add(new QomSharp.Qdev.GlobalProperty("e2e-hook-dev-leaf", "level", "7"));
        qdev.Globals.Clear();
        Assert.Equal(2, Make().Level);

        qdev.Phase = QomSharp.Qdev.MachinePhase.MachineReady;
        var hot = Make();
        Assert.True(hot.IsHotplugged);
        Assert.Equal("init:dev hotplugged=True;init:leaf level=2;post:dev level=2;fin:mid;", hot.Trace);
        qdev.Phase = QomSharp.Qdev.MachinePhase.MachineInitialized;
        Assert.False(Make().IsHotplugged);
    }

    [Fact]
    public void DeviceHooksRunFirstOfTheirKindAndAFinalizeDeepInTheChainRuns()
    {
        var context = new QomContext();
        context.Qdev.Globals.Add(new QomSharp.Qdev.GlobalProperty("e2e-hook-dev-leaf", "level", "9"));
        context.Qdev.Phase = QomSharp.Qdev.MachinePhase.MachineReady;
        var obj = (HookDeviceLeaf)context.New("e2e-hook-dev-leaf");

        // device's init (hotplugged) before the chain's inits; its post-init (the -global) after
        // every init and before the chain's post-inits.
        Assert.True(obj.IsHotplugged);
        Assert.Equal("init:dev hotplugged=True;init:leaf level=2;post:dev level=9;", obj.Trace);
        Assert.Equal(9, obj.Level);

        obj.Unref();
        Assert.True(obj.IsFinalized);
        Assert.Equal("init:dev hotplugged=True;init:leaf level=2;post:dev level=9;fin:mid;", obj.Trace);
        var error = Assert.Throws<QomFatalException>(obj.Unref);
        Assert.Equal("object_unref: object of type 'e2e-hook-dev-leaf' has no reference left", error.Message);

        // Without globals, before the machine is ready: not hotplugged, the init's value stays.
        var cold = (HookDeviceMid)new QomContext().New("e2e-hook-dev-mid");
        Assert.False(cold.IsHotplugged);
        Assert.Equal("init:dev hotplugged=False;post:dev level=2;", cold.Trace);
        cold.Unref();
        Assert.Equal("init:dev hotplugged=False;post:dev level=2;fin:mid;", cold.Trace);
    }

    [Fact]
    public void ADeviceWithNothingToFinalizeIsStillFinalizedOnce()
    {
        var context = new QomContext();
        var plain = (HookDevicePlain)context.New("e2e-hook-dev-plain");
        Assert.Equal(3, plain.Width);
        Assert.Equal(1, plain.RefCount);
        plain.Ref();
        plain.Unref();
        Assert.False(plain.IsFinalized);
        plain.Unref();
        Assert.True(plain.IsFinalized);
        Assert.Equal(0, plain.RefCount);
        Assert.Throws<QomFatalException>(plain.Unref);
        Assert.Throws<QomFatalException>(() => plain.Ref());

        // With a parent, the fast path is not taken: finalizing with a parent is still refused.
        var child = context.New("e2e-hook-dev-plain");
        context.Root.AddChild("plain0", child);
        child.Unref();
        Assert.False(child.IsFinalized);
    }
}
