using System;

namespace QomSharp.Devices.Backends;

/// <summary>
/// A failed simulated ioctl: the errno and its strerror text, so callers can compose QEMU's
/// <c>error_setg_errno</c> message (<c>"text: strerror"</c>) with their own prefix.
/// </summary>
public sealed class KernelErrorException(int errno) : Exception(StrError(errno))
{
    /// <summary>Operation not permitted.</summary>
    public const int EPERM = 1;
    /// <summary>No such file or directory.</summary>
    public const int ENOENT = 2;
    /// <summary>Bad file descriptor.</summary>
    public const int EBADF = 9;
    /// <summary>Device or resource busy.</summary>
    public const int EBUSY = 16;
    /// <summary>No such device.</summary>
    public const int ENODEV = 19;
    /// <summary>Invalid argument.</summary>
    public const int EINVAL = 22;
    /// <summary>An ioctl the descriptor's file does not know.</summary>
    public const int ENOTTY = 25;
    /// <summary>Operation not supported.</summary>
    public const int EOPNOTSUPP = 95;

    /// <summary>The errno the simulated ioctl failed with.</summary>
    public int Errno { get; } = errno;

    /// <summary>glibc's strerror texts for the errnos the simulation uses.</summary>
    public static string StrError(int errno) => errno switch
    {
        EPERM => "Operation not permitted",
        ENOENT => "No such file or directory",
        EBADF => "Bad file descriptor",
        EBUSY => "Device or resource busy",
        ENODEV => "No such device",
        EINVAL => "Invalid argument",
        ENOTTY => "Inappropriate ioctl for device",
        EOPNOTSUPP => "Operation not supported",
        _ => $"Unknown error {errno}",
    };
}
