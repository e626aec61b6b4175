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
