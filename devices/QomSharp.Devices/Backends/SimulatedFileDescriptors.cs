using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace QomSharp.Devices.Backends;

/// <summary>
/// The descriptor numbers the simulated kernel hands out (/dev/iommu, VFIO device cdevs): like
/// Linux, the lowest free number, one table per QOM universe, so the numbers in messages are the
/// ones QEMU would print for the same sequence of opens and closes.
/// </summary>
internal static class SimulatedFileDescriptors
{
    // 0-2 are stdin/stdout/stderr.
    private const int FirstFree = 3;

    private static readonly ConditionalWeakTable<QomContext, SortedSet<int>> s_open = new();

    public static int Open(QomContext context)
    {
        SortedSet<int> open = s_open.GetValue(context, static _ => []);
        int fd = FirstFree;
        while (open.Contains(fd))
        {
            fd++;
        }

        open.Add(fd);
        return fd;
    }

    /// <summary>Whether <paramref name="fd"/> is open: stdin, stdout, stderr, or one the simulation handed out.</summary>
    public static bool IsOpen(QomContext context, int fd) =>
        fd is >= 0 and < FirstFree || (s_open.TryGetValue(context, out SortedSet<int>? open) && open.Contains(fd));

    public static void Close(QomContext context, int fd)
    {
        if (s_open.TryGetValue(context, out SortedSet<int>? open))
        {
            open.Remove(fd);
        }
    }
}
