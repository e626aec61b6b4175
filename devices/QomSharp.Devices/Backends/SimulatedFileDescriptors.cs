using System.Runtime.CompilerServices;

namespace QomSharp.Devices.Backends;

/// <summary>
/// The descriptor numbers the simulated kernel hands out (/dev/iommu, VFIO device cdevs), one
/// sequence per QOM universe so numbers never collide within one and messages stay reproducible.
/// </summary>
internal static class SimulatedFileDescriptors
{
    // 0-2 are stdin/stdout/stderr.
    private const int FirstFree = 3;

    private static readonly ConditionalWeakTable<QomContext, StrongBox<int>> s_next = new();

    public static int Open(QomContext context)
    {
        StrongBox<int> next = s_next.GetValue(context, static _ => new StrongBox<int>(FirstFree));
        return next.Value++;
    }
}
