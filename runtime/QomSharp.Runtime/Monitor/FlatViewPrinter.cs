namespace QomSharp.Monitor;

/// <summary>HMP <c>info mtree -f</c>: not modelled yet.</summary>
internal static class FlatViewPrinter
{
    public static string Print(QomContext context, bool owners) => string.Empty;
}
