namespace QomSharp.Generated.Tests.Types;

/// <summary>Ten bool properties (their values share one generated field) around an int one.</summary>
[QomType("e2e-flags")]
public partial class E2eFlags : QomObject
{
    /// <summary>f0, default on.</summary>
    [QomProperty("f0", Default = true)] public partial bool F0 { get; set; }

    /// <summary>f1.</summary>
    [QomProperty("f1")] public partial bool F1 { get; set; }

    /// <summary>f2, default on.</summary>
    [QomProperty("f2", Default = true)] public partial bool F2 { get; set; }

    /// <summary>f3.</summary>
    [QomProperty("f3")] public partial bool F3 { get; set; }

    /// <summary>An int between the bools.</summary>
    [QomProperty("level", Default = -1)] public partial int Level { get; set; }

    /// <summary>f4.</summary>
    [QomProperty("f4")] public partial bool F4 { get; set; }

    /// <summary>f5.</summary>
    [QomProperty("f5")] public partial bool F5 { get; set; }

    /// <summary>f6.</summary>
    [QomProperty("f6")] public partial bool F6 { get; set; }

    /// <summary>f7.</summary>
    [QomProperty("f7")] public partial bool F7 { get; set; }

    /// <summary>f8, default on.</summary>
    [QomProperty("f8", Default = true)] public partial bool F8 { get; set; }

    /// <summary>f9, read-only from outside.</summary>
    [QomProperty("f9")] public partial bool F9 { get; private set; }

    /// <summary>Sets f9 from inside.</summary>
    public void SetF9(bool value) => F9 = value;
}
