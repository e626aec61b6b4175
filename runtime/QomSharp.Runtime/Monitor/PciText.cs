using System.Globalization;
using System.Text;

namespace QomSharp.Monitor;

/// <summary>HMP's <c>info pci</c> (QEMU's <c>hmp_info_pci</c>): the <c>query-pci</c> data as text.</summary>
public static class PciText
{
    /// <summary>The text of <c>info pci</c>.</summary>
    public static string InfoPci(QomContext context)
    {
        var text = new StringBuilder();
        foreach (var bus in PciListing.RootBuses(context))
        {
            foreach (var function in bus.Functions)
            {
                Append(text, function);
            }
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, PciFunctionInfo function)
    {
        var invariant = CultureInfo.InvariantCulture;
        text.Append(invariant, $"  Bus {function.Bus,2}, device {function.Slot,3}, function {function.Function}:\n    ");
        text.Append(PciClassNames.Describe(function.ClassCode) ?? string.Create(invariant, $"Class {function.ClassCode:D4}"));
        text.Append(invariant, $": PCI device {function.Ids.Vendor:x4}:{function.Ids.Device:x4}\n");
        if (function.Ids.Subsystem is { } subsystem && function.Ids.SubsystemVendor is { } subsystemVendor)
        {
            text.Append(invariant, $"      PCI subsystem {subsystemVendor:x4}:{subsystem:x4}\n");
        }

        if (function.InterruptPin != 0)
        {
            text.Append(invariant, $"      IRQ {function.InterruptLine}, pin {(char)('A' + function.InterruptPin - 1)}\n");
        }

        if (function.Bridge is { } bridge)
        {
            text.Append(invariant, $"      BUS {bridge.Number}.\n      secondary bus {bridge.Secondary}.\n      subordinate bus {bridge.Subordinate}.\n");
            text.Append(invariant, $"      IO range [0x{bridge.Io.Base:x4}, 0x{bridge.Io.Limit:x4}]\n");
            text.Append(invariant, $"      memory range [0x{bridge.Memory.Base:x8}, 0x{bridge.Memory.Limit:x8}]\n");
            text.Append(invariant, $"      prefetchable memory range [0x{bridge.Prefetchable.Base:x8}, 0x{bridge.Prefetchable.Limit:x8}]\n");
        }

        foreach (var region in function.Regions)
        {
            text.Append(invariant, $"      BAR{region.Bar}: ");
            text.Append(region.IsIo
                ? "I/O"
                : $"{(region.Is64Bit ? 64 : 32)} bit{(region.Prefetchable ? " prefetchable" : string.Empty)} memory");
            if (region.Address == ulong.MaxValue)
            {
                text.Append(" (not mapped)\n");
            }
            else
            {
                string digits = region.IsIo ? "x4" : "x8";
                text.Append(" at 0x").Append(region.Address.ToString(digits, invariant))
                    .Append(" [0x").Append((region.Address + region.Size - 1).ToString(digits, invariant)).Append("]\n");
            }
        }

        text.Append("      id \"").Append(function.QdevId).Append("\"\n");
        if (function.Bridge?.Devices is { } behind)
        {
            foreach (var device in behind)
            {
                Append(text, device);
            }
        }
    }
}
