namespace QomSharp.Qdev;

/// <summary>
/// Which CPU topology levels a machine type takes beyond sockets, cores and threads, and how it fills
/// in the ones left out (QEMU's <c>SMPCompatProps</c>).
/// </summary>
/// <param name="Dies">Whether <c>dies</c> above 1 is accepted.</param>
/// <param name="Clusters">Whether <c>clusters</c> above 1 is accepted.</param>
/// <param name="Modules">Whether <c>modules</c> above 1 is accepted.</param>
/// <param name="Books">Whether <c>books</c> above 1 is accepted.</param>
/// <param name="Drawers">Whether <c>drawers</c> above 1 is accepted.</param>
/// <param name="Caches">Whether <c>smp-cache</c> may give the cache levels a topology level (QEMU's <c>cache_supported</c>, all four on x86).</param>
/// <param name="PreferSockets">
/// Whether omitted counts go to sockets before cores (machine types before 6.2); otherwise cores
/// come first.
/// </param>
public sealed record SmpSupport(bool Dies = false, bool Clusters = false, bool Modules = false, bool Books = false, bool Drawers = false, bool PreferSockets = false, bool Caches = false)
{
    /// <summary>Sockets, cores and threads only, cores preferred: QEMU's default.</summary>
    public static SmpSupport Default { get; } = new();
}
