namespace QomSharp.Generated.Tests.Types;

/// <summary>A class struct that records which class hooks ran on it, in order.</summary>
public class TraceClass : QomClass
{
    /// <summary>The hooks that ran, as "ci:a;bi:a;...".</summary>
    public string Trace = string.Empty;
}
