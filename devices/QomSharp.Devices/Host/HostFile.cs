using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace QomSharp.Devices.Host;

/// <summary>
/// Reads a host description's files safely: only regular files (a FIFO would block, a device such
/// as <c>/dev/zero</c> never ends), at most a given number of bytes, and, under a sysfs root, only
/// files whose real path (every link resolved) stays inside that root.
/// </summary>
internal static class HostFile
{
    /// <summary>The largest JSON host description read.</summary>
    public const int MaxJsonBytes = 16 << 20;

    /// <summary>The largest sysfs attribute read (the kernel's are a page or a few).</summary>
    public const int MaxSysfsBytes = 1 << 20;

    private const int MaxLinkHops = 40;

    /// <summary>The text of the regular file <paramref name="path"/>, if it holds at most <paramref name="maxBytes"/> bytes.</summary>
    /// <exception cref="HostFormatException">Missing, not a regular file, too large, or unreadable.</exception>
    public static string ReadText(string path, int maxBytes, string? shownAs = null)
    {
        string where = shownAs ?? path;
        if (path.Length == 0)
        {
            throw new HostFormatException("''", "no file name given");
        }

        if (!File.Exists(path))
        {
            throw new HostFormatException(where, Directory.Exists(path) ? "is a directory, not a regular file" : "missing");
        }

        if (!IsRegularFile(path))
        {
            throw new HostFormatException(where, "is not a regular file");
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
            var buffer = new byte[Math.Min(maxBytes + 1L, Math.Max(stream.Length + 1, 4096))];
            int total = 0;
            int read;
            while ((read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw new HostFormatException(where, $"is larger than {maxBytes} bytes");
                }

                if (total == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1L, 2L * buffer.Length));
                }
            }

            return new UTF8Encoding(false).GetString(buffer, 0, total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HostFormatException(where, $"cannot read: {e.Message}", e);
        }
    }

    /// <summary>
    /// <paramref name="path"/> with every link resolved, checked to stay inside the real path of
    /// <paramref name="root"/>; a link leading out is refused before anything there is read.
    /// </summary>
    public static string InsideRoot(string root, string path)
    {
        string realRoot = Path.TrimEndingDirectorySeparator(RealPath(root, path));
        string real = RealPath(path, path);
        if (real != realRoot && !real.StartsWith(realRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new HostFormatException(path, $"leads outside {root}");
        }

        return real;
    }

    // realpath(3) for paths that may not exist past some point: links are followed component by component.
    private static string RealPath(string path, string shownAs)
    {
        var pending = new System.Collections.Generic.Stack<string>();
        PushComponents(pending, Path.GetFullPath(path));
        string current = Path.GetPathRoot(Path.GetFullPath(path)) ?? "/";
        int hops = 0;
        while (pending.TryPop(out string? component))
        {
            if (component is "" or ".")
            {
                continue;
            }

            if (component == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            string candidate = Path.Combine(current, component);
            string? target = null;
            try
            {
                target = new FileInfo(candidate).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Unreadable: leave it to the read that follows to report.
            }

            if (target is null)
            {
                current = candidate;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                throw new HostFormatException(shownAs, "too many levels of symbolic links");
            }

            PushComponents(pending, target);
            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target) ?? "/";
            }
        }

        return current;
    }

    private static void PushComponents(System.Collections.Generic.Stack<string> pending, string path)
    {
        string[] parts = path.Split(Path.DirectorySeparatorChar);
        for (int i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }

    private static bool IsRegularFile(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return (File.GetAttributes(path) & (FileAttributes.Directory | FileAttributes.Device)) == 0;
        }

        // The runtime's own stat shim (the file-type bits use the PAL's S_IFMT constants);
        // System.IO does not tell a FIFO or a character device from a regular file.
        var status = new byte[256];
        byte[] name = Encoding.UTF8.GetBytes(path + "\0");
        if (SystemNativeStat(name, status) != 0)
        {
            return false;
        }

        const int TypeMask = 0xF000;
        const int RegularFile = 0x8000;
        return (BitConverter.ToInt32(status, 4) & TypeMask) == RegularFile;
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    private static extern int SystemNativeStat(byte[] path, byte[] status);
}
