using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's data directories, where firmware files such as option ROMs are looked up: those given
/// with <c>-L</c>, in order, then the directories QEMU 10.0 is built with on Debian. A name is
/// listed once; at most 16 are kept, as in QEMU.
/// </summary>
public static class FirmwareDirectories
{
    /// <summary>The most directories QEMU keeps; further ones are ignored.</summary>
    public const int MaxCount = 16;

    /// <summary>The directories searched after those given (Debian's QEMU 10.0 firmware path).</summary>
    public static readonly IReadOnlyList<string> Defaults = ["/usr/share/qemu", "/usr/share/seabios", "/usr/lib/ipxe/qemu"];

    private static readonly ConditionalWeakTable<QomContext, List<string>> s_given = new();

    /// <summary>Adds a directory given with <c>-L</c>.</summary>
    public static void Add(QomContext context, string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        List<string> given = s_given.GetOrCreateValue(context);
        if (given.Count < MaxCount && !given.Contains(directory))
        {
            given.Add(directory);
        }
    }

    /// <summary>The directories searched, in order (what <c>-L help</c> lists).</summary>
    public static IReadOnlyList<string> List(QomContext context)
    {
        var all = new List<string>(s_given.TryGetValue(context, out List<string>? given) ? given : []);
        foreach (string directory in Defaults)
        {
            if (all.Count < MaxCount && !all.Contains(directory))
            {
                all.Add(directory);
            }
        }

        return all;
    }

    /// <summary>
    /// QEMU's <c>qemu_find_file</c> for firmware: <paramref name="name"/> itself when it can be
    /// read, else the first <c>DIR/name</c> that can; null when none can.
    /// </summary>
    public static string? Find(QomContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (IsReadable(name))
        {
            return name;
        }

        foreach (string directory in List(context))
        {
            string path = directory + "/" + name;
            if (IsReadable(path))
            {
                return path;
            }
        }

        return null;
    }

    // access(R_OK): a directory passes too, as in QEMU.
    private static bool IsReadable(string path)
    {
        try
        {
            return System.IO.File.Exists(path) || System.IO.Directory.Exists(path);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
