using System.Collections.Generic;
using System.Globalization;
using QomSharp.Monitor;

namespace QomSharp.Devices.Pci;

/// <summary>The PCI function as the monitor describes it.</summary>
public abstract partial class PciDevice
{
    // QEMU's PCI_ROM_SLOT: the expansion ROM is listed as region 6.
    private const int RomSlot = 6;

    /// <summary>
    /// The size of the function's ROM BAR (QEMU's region 6): set at realize from the option ROM
    /// (<c>romfile</c>) or, for an assigned function, the host's ROM; 0 when there is none.
    /// </summary>
    public ulong RomBarSize { get; internal set; }

    /// <summary>
    /// The function as <c>query-pci</c> lists it on bus <paramref name="bus"/>, its ROM BAR last;
    /// null for a model whose configuration space is not known here (a mediated device: the host
    /// model has no configuration for it).
    /// </summary>
    public PciFunctionInfo? Describe(int bus)
    {
        PciFunctionInfo? info = PciIdentity.Describe(this, bus);
        if (info is null)
        {
            return info;
        }

        if (RomBarSize != 0)
        {
            // A ROM BAR is a 32-bit, non-prefetchable memory BAR.
            info = info with { Regions = [.. info.Regions, new PciRegionInfo(RomSlot, false, RomBarSize, false, false)] };
        }

        return IsConfigSpaceBuilt ? WithRegisters(info) : info;
    }

    // QEMU's qmp_query_pci_device reads the registers as the guest left them: the interrupt line,
    // where each BAR is mapped and, for a bridge, its bus numbers, its windows and (once its
    // secondary bus is numbered) the functions behind it.
    private PciFunctionInfo WithRegisters(PciFunctionInfo info)
    {
        byte[] c = ConfigSpace.Config;
        var regions = new List<PciRegionInfo>(info.Regions.Count);
        foreach (PciRegionInfo region in info.Regions)
        {
            regions.Add(region with { Address = BarAddress(region.Bar) });
        }

        info = info with { Regions = regions, InterruptLine = c[Config.PciRegisters.InterruptLine] };
        if (this is PciBridge bridge && info.Bridge is not null)
        {
            int secondary = c[Config.PciRegisters.SecondaryBus];
            List<PciFunctionInfo>? devices = null;
            // QEMU looks the number up from the bridge's own bus: nothing while a bridge above
            // holds its bus in reset or does not cover the number, another bridge's bus numbered
            // the same if that one comes first.
            // A bridge numbered as its own bus would list that bus again without end (QEMU 10.0
            // recurses until it crashes): the model lists nothing behind it.
            if (secondary != 0 && bridge.PciBus?.FindBus(secondary) is { } behind && behind != bridge.PciBus)
            {
                devices = [.. behind.Functions];
            }

            info = info with
            {
                Bridge = new PciBridgeInfo(c[Config.PciRegisters.PrimaryBus], secondary, c[Config.PciRegisters.SubordinateBus],
                    bridge.Window(PciWindowKind.Io), bridge.Window(PciWindowKind.Memory), bridge.Window(PciWindowKind.Prefetchable), devices),
            };
        }

        return info;
    }

    /// <summary>
    /// QEMU's <c>pcibus_dev_print</c>: the class, address and ids, then each BAR with the address
    /// it has before the guest programs it (all ones) and the last address that gives.
    /// </summary>
    public override IEnumerable<string> QTreeBusLines()
    {
        if (PciBus is not { } bus || Describe(bus.BusNumber) is not { } info)
        {
            yield break;
        }

        var invariant = CultureInfo.InvariantCulture;
        string classText = PciClassNames.Describe(info.ClassCode) ?? string.Create(invariant, $"Class {info.ClassCode:x4}");
        yield return string.Create(invariant,
            $"class {classText}, addr {info.Bus:x2}:{info.Slot:x2}.{info.Function:x}, pci id {info.Ids.Vendor:x4}:{info.Ids.Device:x4} (sub {info.Ids.SubsystemVendor ?? 0:x4}:{info.Ids.Subsystem ?? 0:x4})");
        foreach (PciRegionInfo region in info.Regions)
        {
            // The unassigned address is all ones, so its end wraps to size - 2.
            yield return string.Create(invariant, $"bar {region.Bar}: {(region.IsIo ? "i/o" : "mem")} at 0xffffffffffffffff [0x{region.Size - 2:x}]");
        }
    }
}
