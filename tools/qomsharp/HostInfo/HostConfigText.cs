using System.Globalization;
using System.Linq;
using QomSharp.Devices.Host;
using QomSharp.Monitor;

namespace QomSharp.Tool.HostInfo;

/// <summary>
/// One line of <c>-host-info text</c> for a function's configuration: what vfio-pci will show the
/// guest (class, revision, subsystem, interrupt pin) and the BARs and ROM the guest must map.
/// </summary>
internal static class HostConfigText
{
    /// <summary>e.g. <c>class 0x0302 (3D controller), rev 0xa1, subsystem 10de:1626, pin A; BAR0 16 MiB, BAR1 128 GiB 64-bit prefetchable</c>.</summary>
    public static string Describe(HostPciConfig config)
    {
        string className = PciClassNames.Describe(config.ClassAndSubclass) is { } name ? $" ({name})" : "";
        string pin = config.InterruptPin == 0 ? "no pin" : "pin " + (char)('A' + config.InterruptPin - 1);
        string identity = string.Create(CultureInfo.InvariantCulture,
            $"class 0x{config.ClassAndSubclass:x4}{className}, rev 0x{config.Revision:x2}, subsystem {config.SubsystemVendorId:x4}:{config.SubsystemId:x4}, {pin}");
        var regions = config.Bars.Select(Bar).ToList();
        if (config.RomSize != 0)
        {
            regions.Add("ROM " + TreePrinter.SizeToString(config.RomSize));
        }

        return regions.Count == 0 ? identity + "; no BARs" : identity + "; " + string.Join(", ", regions);
    }

    private static string Bar(HostPciBar bar)
    {
        string kind = bar.IsIo ? " I/O" : (bar.Is64Bit ? " 64-bit" : "") + (bar.Prefetchable ? " prefetchable" : "");
        return string.Create(CultureInfo.InvariantCulture, $"BAR{bar.Index} {TreePrinter.SizeToString(bar.Size)}{kind}");
    }
}
