using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace QomSharp.Devices.Hostmem;

/// <summary>
/// The host's huge page sizes, as the kernel lists them (<c>/sys/kernel/mm/hugepages</c>,
/// <c>Hugepagesize</c> of <c>/proc/meminfo</c>), and the page size of the file system a path is on
/// (hugetlbfs mounts in <c>/proc/mounts</c>): what QEMU's memfd and file backends meet when they
/// allocate. A host without them (or not Linux) has no huge pages.
/// </summary>
internal sealed record HostHugePages(ulong DefaultSize, HashSet<ulong> Sizes)
{
    private const ulong BasePageSize = 4096;

    /// <summary>Reads the running host's huge page sizes.</summary>
    public static HostHugePages Read()
    {
        var sizes = new HashSet<ulong>();
        try
        {
            foreach (string dir in Directory.EnumerateDirectories("/sys/kernel/mm/hugepages", "hugepages-*kB"))
            {
                string name = Path.GetFileName(dir);
                if (ulong.TryParse(name.AsSpan(10, name.Length - 12), NumberStyles.None, CultureInfo.InvariantCulture, out ulong kib))
                {
                    sizes.Add(kib * 1024);
                }
            }
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            return new HostHugePages(0, sizes);
        }

        return new HostHugePages(DefaultFromMeminfo(), sizes);
    }

    /// <summary>
    /// The page size of the file system <paramref name="path"/> is on (QEMU's <c>qemu_fd_getpagesize</c>):
    /// a hugetlbfs mount's page size (its <c>pagesize=</c> option, else the default huge page size),
    /// else the base page size.
    /// </summary>
    public static ulong PageSizeOf(string path)
    {
        string full;
        string[] mounts;
        try
        {
            full = Path.GetFullPath(path);
            mounts = File.ReadAllLines("/proc/mounts");
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return BasePageSize;
        }

        // The longest mount point holding the path decides.
        string best = string.Empty;
        ulong pageSize = BasePageSize;
        foreach (string line in mounts)
        {
            string[] fields = line.Split(' ');
            if (fields.Length < 4)
            {
                continue;
            }

            string mountPoint = fields[1].Replace("\\040", " ", StringComparison.Ordinal);
            bool holds = full == mountPoint || full.StartsWith(mountPoint.TrimEnd('/') + "/", StringComparison.Ordinal);
            if (!holds || mountPoint.Length < best.Length)
            {
                continue;
            }

            best = mountPoint;
            pageSize = fields[2] == "hugetlbfs" ? HugetlbfsPageSize(fields[3]) : BasePageSize;
        }

        return pageSize;
    }

    private static ulong HugetlbfsPageSize(string options)
    {
        foreach (string option in options.Split(','))
        {
            if (option.StartsWith("pagesize=", StringComparison.Ordinal)
                && QomValueText.TryParseSize(option.AsSpan(9), out ulong size) == QomValueText.SizeResult.Ok)
            {
                return size;
            }
        }

        ulong fallback = DefaultFromMeminfo();
        return fallback == 0 ? BasePageSize : fallback;
    }

    private static ulong DefaultFromMeminfo()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("Hugepagesize:", StringComparison.Ordinal)
                    && ulong.TryParse(line.AsSpan(13).Trim().TrimEnd("kB").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong kib))
                {
                    return kib * 1024;
                }
            }
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        return 0;
    }
}
