namespace QomSharp.Tool.Verdicts;

/// <summary>The answer to "does this configuration fit this host?"; its value is the exit status.</summary>
internal enum Verdict
{
    /// <summary>Every check the model ran passed (exit 0).</summary>
    Fits = 0,

    /// <summary>A check failed: QEMU would refuse the configuration on this host (exit 1).</summary>
    DoesNotFit = 1,

    /// <summary>The host or the configuration could not be read, or a device depends on something outside the model (exit 2).</summary>
    CouldNotCheck = 2,
}

/// <summary>The outcome of one of QEMU's checks for one device.</summary>
internal enum CheckOutcome
{
    /// <summary>The model ran the check and it passed.</summary>
    Pass,

    /// <summary>The model ran the check and it failed with QEMU's error.</summary>
    Fail,

    /// <summary>An earlier check failed, so QEMU does not get this far.</summary>
    NotReached,

    /// <summary>QEMU does not run this check for this configuration (e.g. no vIOMMU).</summary>
    NotApplicable,
}

/// <summary>The JSON and text spellings of the verdict enums.</summary>
internal static class VerdictNames
{
    /// <summary><c>fits</c>, <c>does-not-fit</c>, <c>could-not-check</c>.</summary>
    public static string Name(this Verdict verdict) => verdict switch
    {
        Verdict.Fits => "fits",
        Verdict.DoesNotFit => "does-not-fit",
        _ => "could-not-check",
    };

    /// <summary><c>pass</c>, <c>fail</c>, <c>not-reached</c>, <c>not-applicable</c>.</summary>
    public static string Name(this CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Pass => "pass",
        CheckOutcome.Fail => "fail",
        CheckOutcome.NotReached => "not-reached",
        _ => "not-applicable",
    };

    /// <summary>The worse of two verdicts: could-not-check over does-not-fit over fits.</summary>
    public static Verdict Worst(Verdict a, Verdict b) => (Verdict)System.Math.Max((int)a, (int)b);
}
