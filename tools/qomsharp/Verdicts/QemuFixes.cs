using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace QomSharp.Tool.Verdicts;

/// <summary>
/// A one-line fix for each of QEMU's errors that has one, said on the command line or, for a libvirt
/// domain, in its XML. The error comes from the device model; this only knows what undoes it.
/// </summary>
internal static partial class QemuFixes
{
    // The aw-bits values intel-iommu accepts without x-flts, widest first.
    private static readonly int[] IntelAwBits = [48, 39];

    /// <summary>The fix for <paramref name="message"/>, or null when none is known.</summary>
    public static string? For(string message, FixContext context)
    {
        bool xml = context.Libvirt;
        if (AwBitsTooWide().Match(message) is { Success: true } wide)
        {
            int host = int.Parse(wide.Groups["host"].Value, CultureInfo.InvariantCulture);
            foreach (int bits in IntelAwBits)
            {
                if (bits <= host)
                {
                    return xml
                        ? $"lower the vIOMMU's address width to the host's: <iommu model='intel'><driver aw_bits='{bits}'/></iommu>"
                        : $"lower the vIOMMU's address width to the host's: -device intel-iommu,aw-bits={bits}";
                }
            }

            return $"no aw-bits intel-iommu offers (48, 39) fits this host's {host}: assign the device without a vIOMMU, or use another host";
        }

        if (message.Contains("used in multiple address spaces", System.StringComparison.Ordinal))
        {
            string both = context.OtherInGroup is { } other ? $"{context.Device} and {other}" : $"{context.Device} and the other function of its group";
            return xml
                ? $"put {both} behind one <controller type='pci' model='pcie-to-pci-bridge'/> (both <address bus=...> on it): one address space for the group"
                : $"put {both} behind one pcie-pci-bridge (-device pcie-pci-bridge,id=br0 and bus=br0 on both): one address space for the group";
        }

        if (message.Contains("is not viable", System.StringComparison.Ordinal) || message.Contains("error getting device from group", System.StringComparison.Ordinal)
            || message.Contains("Could not open '/dev/vfio/", System.StringComparison.Ordinal) || message.Contains("/vfio-dev: couldn't open directory", System.StringComparison.Ordinal)
            || (message.Contains(": error bind device fd=", System.StringComparison.Ordinal) && message.EndsWith("Operation not permitted", System.StringComparison.Ordinal)))
        {
            if (context.NotOnVfio is not { Count: > 0 } list)
            {
                return "bind every function of the group to vfio-pci" + (xml ? " (managed='yes' on each <hostdev>)" : "");
            }

            string functions = string.Join(", ", list.Select(f => f.Driver is null ? f.Address : $"{f.Address} (on {f.Driver})"));
            string commands = string.Join("; ", list.Select(f => $"driverctl set-override {f.Address} vfio-pci"));
            return $"bind the group to vfio-pci: {functions}: {commands}";
        }

        if (message.Contains("Need IOMMUFD backend when flts=on", System.StringComparison.Ordinal))
        {
            return "use the iommufd backend: -object iommufd,id=iommufd0 and iommufd=iommufd0 on the device";
        }

        if (message.StartsWith("We need to set caching-mode=on", System.StringComparison.Ordinal)
            || message.StartsWith("Device assignment is not allowed without enabling caching-mode=on", System.StringComparison.Ordinal))
        {
            return xml ? "set caching mode: <iommu model='intel'><driver caching_mode='on'/></iommu>" : "set caching mode: -device intel-iommu,caching-mode=on";
        }

        if (message.Contains("host device is uncompatible with stage-1 translation", System.StringComparison.Ordinal))
        {
            return "drop x-flts=on from intel-iommu: QEMU 10.0 accepts no host device for stage-1 translation";
        }

        if (message.EndsWith("supported value for aw-bits is: 48", System.StringComparison.Ordinal))
        {
            return xml ? "raise the address width: <driver aw_bits='48'/>" : "raise the address width: -device intel-iommu,aw-bits=48";
        }

        if (message.EndsWith("supported values for aw-bits are: 39, 48", System.StringComparison.Ordinal))
        {
            return xml ? "use <driver aw_bits='48'/> or aw_bits='39'" : "use aw-bits=48 or aw-bits=39";
        }

        if (message == "eim=on cannot be selected without intremap=on")
        {
            return xml ? "set <driver intremap='on'/> (with <ioapic driver='qemu'/>)" : "set intremap=on (with -machine kernel-irqchip=split under KVM)";
        }

        if (message == "x-flts is only available in scalable mode")
        {
            return "add x-scalable-mode=on to intel-iommu";
        }

        if (message.Contains("no iommu_group found", System.StringComparison.Ordinal))
        {
            return "the function is behind no IOMMU on this host: enable the IOMMU (intel_iommu=on) or assign another function";
        }

        if (message.Contains("no such host device", System.StringComparison.Ordinal))
        {
            return "this host has no such function: 'qomsharp -host-info text' lists the host's functions";
        }

        return null;
    }

    [GeneratedRegex(@"aw-bits (?<viommu>\d+) > host aw-bits (?<host>\d+)")]
    private static partial Regex AwBitsTooWide();
}
