using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace QomSharp.Devices.Host;

/// <summary>A host function's configuration, read from its sysfs directory.</summary>
public static partial class SysfsHost
{
    // Linux's IORESOURCE_* flags in the third column of the resource file.
    private const ulong ResourceIo = 0x100;
    private const ulong ResourceMem = 0x200;
    private const ulong ResourcePrefetch = 0x2000;
    private const ulong ResourceMem64 = 0x10_0000;

    // The resource file's line of the expansion ROM (after the six BARs), and the interrupt pin's
    // offset in config space.
    private const int RomLine = HostPciBar.Count;
    private const int InterruptPinOffset = 0x3d;

    // The binary config file: the 64-byte header at least; the capabilities are read when it holds
    // the whole conventional space (256 bytes; 4 KiB with the extended space, as root reads it).
    private const int ConfigHeaderBytes = 64;
    private const int ConventionalBytes = 256;

    // A directory without a class file (a tree written before these files were read) has no configuration.
    private static HostPciConfig? ReadPciConfig(string root, string deviceDir)
    {
        string classFile = Path.Combine(deviceDir, "class");
        if (!File.Exists(classFile))
        {
            return null;
        }

        uint classCode = (uint)ReadHex(root, classFile, max: 0xff_ffff);
        byte revision = (byte)ReadHex(root, Path.Combine(deviceDir, "revision"), max: 0xff);
        ushort subsystemVendor = (ushort)ReadHex(root, Path.Combine(deviceDir, "subsystem_vendor"), max: 0xffff);
        ushort subsystem = (ushort)ReadHex(root, Path.Combine(deviceDir, "subsystem_device"), max: 0xffff);
        string configFile = Path.Combine(deviceDir, "config");
        (byte pin, byte[] space) = ReadConfigFile(root, configFile);
        string resourceFile = Path.Combine(deviceDir, "resource");
        (List<HostPciBar> bars, ulong romSize) = ReadResources(root, resourceFile);
        var config = new HostPciConfig(classCode, revision, subsystemVendor, subsystem, pin, bars, romSize)
        {
            Capabilities = ReadCapabilities(space, configFile),
        };
        return config.Problem() is { } problem ? throw new HostFormatException(resourceFile, problem) : config;
    }

    // Standard capabilities from the pointer at 0x34 when the status register says there are some,
    // extended ones from 0x100 when the file holds them; each runs to the next one up (or the end of
    // its area), as QEMU sizes them. A list that loops or points into the header is refused.
    private static List<HostPciCapability> ReadCapabilities(byte[] space, string file)
    {
        var capabilities = new List<HostPciCapability>();
        if (space.Length < ConventionalBytes)
        {
            return capabilities;
        }

        var standard = new List<int>();
        if ((space[0x06] & 0x10) != 0)
        {
            for (int at = space[0x34] & ~3; at != 0; at = space[at + 1] & ~3)
            {
                if (at < ConfigHeaderBytes || standard.Contains(at))
                {
                    throw new HostFormatException(file, $"capability list points to 0x{at:x}, into the header or back into itself");
                }

                standard.Add(at);
            }
        }

        var extended = new List<int>();
        if (space.Length >= HostPciCapability.ExpressEnd && BitConverter.ToUInt32(space, HostPciCapability.ExtendedStart) is not (0 or uint.MaxValue))
        {
            for (int at = HostPciCapability.ExtendedStart; at != 0; at = (int)(BitConverter.ToUInt32(space, at) >> 20) & ~3)
            {
                if (at < HostPciCapability.ExtendedStart || extended.Contains(at))
                {
                    throw new HostFormatException(file, $"extended capability list points to 0x{at:x}, below 0x100 or back into itself");
                }

                extended.Add(at);
            }
        }

        foreach (int at in standard)
        {
            int end = standard.Where(o => o > at).DefaultIfEmpty(ConventionalBytes).Min();
            capabilities.Add(new HostPciCapability(at, space[at..end]));
        }

        foreach (int at in extended)
        {
            int end = extended.Where(o => o > at).DefaultIfEmpty(HostPciCapability.ExpressEnd).Min();
            capabilities.Add(new HostPciCapability(at, space[at..end]));
        }

        return capabilities;
    }

    private static (byte Pin, byte[] Space) ReadConfigFile(string root, string file)
    {
        string real = HostFile.InsideRoot(root, file);
        var header = new byte[HostPciCapability.ExpressEnd];
        int read;
        try
        {
            using var stream = new FileStream(real, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            read = read >= HostPciCapability.ExpressEnd ? read : read >= ConventionalBytes ? ConventionalBytes : read;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HostFormatException(file, $"cannot read: {e.Message}", e);
        }

        if (read <= InterruptPinOffset)
        {
            throw new HostFormatException(file, $"holds {read} bytes, fewer than the 64-byte header");
        }

        byte pin = header[InterruptPinOffset];
        return pin <= 4 ? (pin, header[..read]) : throw new HostFormatException(file, $"interrupt pin {pin} is not 0 (none) to 4 (INTD)");
    }

    // Each line is "0x%016llx 0x%016llx 0x%016llx": start, end, flags. Lines 0-5 are the BARs (the
    // upper half of a 64-bit BAR has no flags), line 6 the ROM; later lines (SR-IOV, bridge
    // windows) are not the function's own.
    private static (List<HostPciBar> Bars, ulong RomSize) ReadResources(string root, string file)
    {
        var bars = new List<HostPciBar>();
        ulong romSize = 0;
        string[] lines = ReadAll(root, file).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < Math.Min(lines.Length, RomLine + 1); i++)
        {
            string where = $"{file}:{i + 1}";
            string[] fields = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 3)
            {
                throw new HostFormatException(where, $"expected \"start end flags\", got \"{lines[i].Trim()}\"");
            }

            ulong start = ParseHex(fields[0], where);
            ulong end = ParseHex(fields[1], where);
            ulong flags = ParseHex(fields[2], where);
            if ((flags & (ResourceIo | ResourceMem)) == 0 || (start == 0 && end == 0))
            {
                continue;
            }

            if (end < start)
            {
                throw new HostFormatException(where, $"end 0x{end:x} is below start 0x{start:x}");
            }

            ulong size = end - start + 1;
            if (i == RomLine)
            {
                romSize = size;
                continue;
            }

            bool io = (flags & ResourceIo) != 0;
            bars.Add(new HostPciBar(i, io, size, !io && (flags & ResourcePrefetch) != 0, !io && (flags & ResourceMem64) != 0));
        }

        return (bars, romSize);
    }
}
