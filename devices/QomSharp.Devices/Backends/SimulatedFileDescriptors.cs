using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace QomSharp.Devices.Backends;

/// <summary>
/// The descriptor numbers the simulated kernel hands out (/dev/iommu, VFIO device cdevs): like
/// Linux, the lowest free number, one table per QOM universe, so the numbers in messages are the
/// ones QEMU would print for the same sequence of opens and closes. The table knows which open
/// descriptors are VFIO device cdevs, so an ioctl on a passed-in number fails as the kernel fails it.
/// </summary>
internal static class SimulatedFileDescriptors
{
    // 0-2 are stdin/stdout/stderr.
    private const int FirstFree = 3;

    // Open descriptor → whether it is a VFIO device cdev.
    private static readonly ConditionalWeakTable<QomContext, SortedDictionary<int, bool>> s_open = new();

    public static int Open(QomContext context, bool vfioDevice = false)
    {
        SortedDictionary<int, bool> open = s_open.GetValue(context, static _ => []);
        int fd = FirstFree;
        while (open.ContainsKey(fd))
        {
            fd++;
        }

        open.Add(fd, vfioDevice);
        return fd;
    }

    /// <summary>
    /// The errno of VFIO_DEVICE_BIND_IOMMUFD on <paramref name="fd"/>: EBADF when it is not open,
    /// EINVAL for a VFIO device cdev (every one the simulation opened is bound already, and a device
    /// is bound once), ENOTTY for anything else (stdio, /dev/iommu).
    /// </summary>
    public static int BindErrno(QomContext context, int fd)
    {
        if (fd is >= 0 and < FirstFree)
        {
            return KernelErrorException.ENOTTY;
        }

        if (!s_open.TryGetValue(context, out SortedDictionary<int, bool>? open) || !open.TryGetValue(fd, out bool vfioDevice))
        {
            return KernelErrorException.EBADF;
        }

        return vfioDevice ? KernelErrorException.EINVAL : KernelErrorException.ENOTTY;
    }

    public static void Close(QomContext context, int fd)
    {
        if (s_open.TryGetValue(context, out SortedDictionary<int, bool>? open))
        {
            open.Remove(fd);
        }
    }
}
