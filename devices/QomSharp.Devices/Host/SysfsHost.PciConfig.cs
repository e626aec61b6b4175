using System;
using System.Collections.Generic;
using System.IO;

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

    // Only the standard header is read from the binary config file.
    private const int ConfigHeaderBytes = 64;

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
        byte pin = ReadInterruptPin(root, Path.Combine(deviceDir, "config"));
        string resourceFile = Path.Combine(deviceDir, "resource");
        (List<HostPciBar> bars, ulong romSize) = ReadResources(root, resourceFile);
        var config = new HostPciConfig(classCode, revision, subsystemVendor, subsystem, pin, bars, romSize);
        return config.Problem() is { } problem ? throw new HostFormatException(resourceFile, problem) : config;
    }

    private static byte ReadInterruptPin(string root, string file)
    {
        string real = HostFile.InsideRoot(root, file);
        var header = new byte[ConfigHeaderBytes];
        int read;
        try
        {
            using var stream = new FileStream(real, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
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
        return pin <= 4 ? pin : throw new HostFormatException(file, $"interrupt pin {pin} is not 0 (none) to 4 (INTD)");
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
