using System;
using System.Runtime;

namespace QomSharp.Tool;

/// <summary>
/// While the tool reads its command line and builds the machine, nothing it allocates can be
/// collected as garbage in bulk: the options, the devices and their regions all stay until the
/// end. A collection then only walks and copies live objects, and at 100,000 devices (a heap of
/// about 120 MiB) each took 50–200 ms. So the build runs in a no-collection region sized from the
/// length of the command line (a <c>-device</c> option costs the tool about 1.8 KB from the command
/// line to the printed tree). A run that prints the tree and exits stays in the region to the end
/// (leaving it would start a collection of everything at once); before QMP is served or qtest runs,
/// the collector resumes its normal budgets. A build that outgrows the region only gets its
/// collections back.
/// </summary>
internal static class BuildHeap
{
    // The machine alone (q35 and its board) allocates about 8 MiB; each argument (half a -device
    // option) is given 1.5 KiB, which leaves room over what an option costs.
    private const long Base = 32L << 20;
    private const long PerArgument = 1536;
    private const long Largest = 2L << 30;

    /// <summary>Starts the region for a command line of <paramref name="argumentCount"/> arguments; false if the collector refused.</summary>
    public static bool Enter(int argumentCount)
    {
        long size = Math.Min(Base + (argumentCount * PerArgument), Largest);
        try
        {
            return GC.TryStartNoGCRegion(size, disallowFullBlockingGC: true);
        }
        catch (ArgumentOutOfRangeException)
        {
            // Larger than the collector can promise: the build runs with its normal budgets.
            return false;
        }
        catch (InvalidOperationException)
        {
            // Already in a region (a caller of the tool's code inside one).
            return false;
        }
    }

    /// <summary>Ends the region if it is still in force (a build that outgrew it has already left it).</summary>
    public static void Leave()
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            try
            {
                GC.EndNoGCRegion();
            }
            catch (InvalidOperationException)
            {
                // A collection was induced or the region was exceeded: it is over either way.
            }
        }
    }
}
