using System;
using System.Globalization;
using System.IO;
using System.Runtime;
using System.Runtime.InteropServices;

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
/// On Linux the collector's heap is also advised to use transparent huge pages
/// (<c>madvise(MADV_HUGEPAGE)</c>, which the kernel's default <c>madvise</c> mode asks for): every
/// page of the build is touched once and kept, and at 100,000 devices its 4 KiB pages cost 47,000
/// page faults, about a third of the run's time. It is done for every command line, however
/// short: finding the heap's range costs about 130,000 instructions (some 50 µs), and a run of
/// any length then builds its machine on the same kind of pages, so that the time a device adds
/// is the same at 1,000 devices as at 100,000.
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
            bool entered = GC.TryStartNoGCRegion(size, disallowFullBlockingGC: true);
            if (entered)
            {
                AdviseHugePages();
            }

            return entered;
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

    // MADV_HUGEPAGE (Linux's mman-common.h).
    private const int AdviceHugePage = 14;

    // Bound when the NativeAOT tool is linked (DirectPInvoke in the project): no library is looked for at run time.
    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int Madvise(nint address, nuint length, int advice);

    // The collector reserves its heap as one anonymous mapping (split by what it has committed): the
    // run of adjacent anonymous mappings around an object just allocated, advised as one range. A
    // failure leaves the heap as it was.
    private static void AdviseHugePages()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            var probe = new byte[16];
            var handle = GCHandle.Alloc(probe, GCHandleType.Pinned);
            ulong address;
            try
            {
                address = (ulong)handle.AddrOfPinnedObject();
            }
            finally
            {
                handle.Free();
            }

            ulong runStart = 0;
            ulong runEnd = 0;
            bool found = false;
            foreach (string line in File.ReadLines("/proc/self/maps"))
            {
                if (!TryParseAnonymous(line, out ulong start, out ulong end))
                {
                    if (found)
                    {
                        break;
                    }

                    runStart = runEnd = 0;
                    continue;
                }

                if (start != runEnd)
                {
                    if (found)
                    {
                        break;
                    }

                    runStart = start;
                }

                runEnd = end;
                found |= address >= start && address < end;
            }

            if (found)
            {
                _ = Madvise((nint)runStart, (nuint)(runEnd - runStart), AdviceHugePage);
            }
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            // No /proc or no libc: the heap keeps its pages.
        }
    }

    // A line of /proc/self/maps ("start-end perms offset dev inode [path]") for an anonymous mapping.
    private static bool TryParseAnonymous(string line, out ulong start, out ulong end)
    {
        start = end = 0;
        var rest = line.AsSpan();
        int dash = rest.IndexOf('-');
        int space = rest.IndexOf(' ');
        if (dash < 0 || space < dash
            || !ulong.TryParse(rest[..dash], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out start)
            || !ulong.TryParse(rest[(dash + 1)..space], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out end))
        {
            return false;
        }

        // Fields after the range: perms, offset, dev, inode; an anonymous mapping has inode 0 and no path.
        rest = rest[(space + 1)..];
        for (int field = 0; field < 3; field++)
        {
            int next = rest.IndexOf(' ');
            if (next < 0)
            {
                return false;
            }

            rest = rest[(next + 1)..];
        }

        rest = rest.TrimStart(' ');
        int inodeEnd = rest.IndexOf(' ');
        var inode = inodeEnd < 0 ? rest : rest[..inodeEnd];
        var path = inodeEnd < 0 ? [] : rest[inodeEnd..].Trim(' ');
        return inode.SequenceEqual("0") && path.IsEmpty;
    }
}
