using System.IO;

namespace QomSharp.Devices.Pci;

/// <summary>
/// The checks of QEMU's <c>pci_add_option_rom</c> on <c>romfile</c>, <c>rombar</c> and
/// <c>romsize</c>: the file must exist, be non-empty, at most 2 GiB and fit the ROM size; with
/// <c>rombar=0</c> the ROM goes through fw_cfg, which a hot-plugged function cannot use. The file
/// is looked up as given, then in the firmware directories (<see cref="FirmwareDirectories"/>); its
/// contents are not used, its size gives the ROM BAR's (<see cref="PciDevice.RomBarSize"/>).
/// </summary>
internal static class PciOptionRom
{
    private const long MaxSize = 2L * 1024 * 1024 * 1024;

    public static void Check(PciDevice device)
    {
        string? file = device.RomFile;
        if (string.IsNullOrEmpty(file))
        {
            return;
        }

        if (device.RomBar == 0)
        {
            if (device.IsHotplugged)
            {
                throw new QomException("Hot-plugged device without ROM bar can't have an option ROM");
            }

            // Loaded later by the firmware configuration interface, which is not modelled.
            return;
        }

        long size = SizeOf(FirmwareDirectories.Find(device.Context, file) ?? file);
        if (size < 0)
        {
            throw new QomException($"failed to find romfile \"{file}\"");
        }

        if (size == 0)
        {
            throw new QomException($"romfile \"{file}\" is empty");
        }

        if (size > MaxSize)
        {
            throw new QomException($"romfile \"{file}\" too large (size cannot exceed 2 GiB)");
        }

        if (device.RomSize != uint.MaxValue && size > device.RomSize)
        {
            throw new QomException($"romfile \"{file}\" ({(uint)size} bytes) is too large for ROM size {device.RomSize}");
        }

        device.RomBarSize = device.RomSize != uint.MaxValue ? device.RomSize : System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)size);
    }

    // QEMU's get_image_size: -1 when the file cannot be opened.
    private static long SizeOf(string file)
    {
        try
        {
            // A directory opens, and its end lies past any ROM's limit (as QEMU finds on Linux).
            if (Directory.Exists(file))
            {
                return long.MaxValue;
            }

            var info = new FileInfo(file);
            return info.Exists ? info.Length : -1;
        }
        catch (IOException)
        {
            return -1;
        }
        catch (System.UnauthorizedAccessException)
        {
            return -1;
        }
        catch (System.ArgumentException)
        {
            return -1;
        }
        catch (System.NotSupportedException)
        {
            return -1;
        }
    }
}
