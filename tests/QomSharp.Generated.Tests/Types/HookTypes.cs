namespace QomSharp.Generated.Tests.Types;

/// <summary>Root of a three-level chain whose hooks record their order.</summary>
[QomType("e2e-hook-a", ClassType = typeof(TraceClass))]
public partial class HookA : QomObject
{
    /// <summary>The instance hooks that ran.</summary>
    public string Trace = string.Empty;

    [QomClassInit]
    private static void ClassInit(TraceClass klass) => klass.Trace += "ci:a;";

    [QomClassBaseInit]
    private static void BaseInit(TraceClass klass) => klass.Trace += "bi:a;";

    [QomInstanceInit]
    private void Init() => Trace += "init:a;";

    [QomInstancePostInit]
    private void PostInit() => Trace += "post:a;";

    [QomInstanceFinalize]
    private void Finalize2() => Trace += "fin:a;";
}

/// <summary>Middle of the chain.</summary>
[QomType("e2e-hook-b")]
public partial class HookB : HookA
{
    [QomClassInit]
    private static void ClassInit(TraceClass klass) => klass.Trace += "ci:b;";

    [QomClassBaseInit]
    private static void BaseInit(TraceClass klass) => klass.Trace += "bi:b;";

    [QomInstanceInit]
    private void Init() => Trace += "init:b;";

    [QomInstancePostInit]
    private void PostInit() => Trace += "post:b;";

    [QomInstanceFinalize]
    private void Finalize2() => Trace += "fin:b;";
}

/// <summary>Leaf of the chain.</summary>
[QomType("e2e-hook-c")]
public sealed partial class HookC : HookB
{
    [QomClassInit]
    private static void ClassInit(TraceClass klass) => klass.Trace += "ci:c;";

    [QomInstanceInit]
    private void Init() => Trace += "init:c;";

    [QomInstancePostInit]
    private void PostInit() => Trace += "post:c;";

    [QomInstanceFinalize]
    private void Finalize2() => Trace += "fin:c;";
}

/// <summary>
/// A qdev device chain whose hooks record their order: the runtime's device hooks run first of
/// their kind, with no hook of this chain skipped (finalize lives in the middle type only).
/// </summary>
[QomType("e2e-hook-dev", Abstract = true)]
public abstract partial class HookDevice : QomSharp.Qdev.Device
{
    /// <summary>The instance hooks that ran.</summary>
    public string Trace = string.Empty;

    /// <summary>A property a -global may set.</summary>
    [QomProperty("level", Default = 1)]
    public partial int Level { get; set; }

    [QomInstanceInit]
    private void Init()
    {
        Trace += $"init:dev hotplugged={IsHotplugged};";
        Level = 2;
    }

    [QomInstancePostInit]
    private void PostInit() => Trace += $"post:dev level={Level};";
}

/// <summary>Middle of the device chain: the only finalize hook.</summary>
[QomType("e2e-hook-dev-mid")]
public partial class HookDeviceMid : HookDevice
{
    [QomInstanceFinalize]
    private void Finalize2() => Trace += "fin:mid;";
}

/// <summary>Leaf of the device chain: an instance init, no finalize.</summary>
[QomType("e2e-hook-dev-leaf")]
public sealed partial class HookDeviceLeaf : HookDeviceMid
{
    [QomInstanceInit]
    private void Init() => Trace += $"init:leaf level={Level};";
}

/// <summary>A device with no hooks of its own and nothing to finalize.</summary>
[QomType("e2e-hook-dev-plain")]
public sealed partial class HookDevicePlain : QomSharp.Qdev.Device
{
    /// <summary>A property with a default.</summary>
    [QomProperty("width", Default = 3)]
    public partial int Width { get; set; }
}
