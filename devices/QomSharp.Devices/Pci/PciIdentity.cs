using System.Collections.Generic;
using QomSharp.Monitor;

namespace QomSharp.Devices.Pci;

/// <summary>
/// What a PCI model's configuration space says about it after reset, as QEMU 10.0 sets it up:
/// ids, class, interrupt pin, BARs and, for a bridge, its bus numbers and windows. The monitor
/// reads it (<c>query-pci</c>, <c>info pci</c>); nothing else models config space here.
/// </summary>
internal static class PciIdentity
{
    private const ushort RedHat = 0x1b36;
    private const ushort Intel = 0x8086;
    private const ushort PciBridgeClass = 0x0604;

    // QEMU's default subsystem ids for a type 0 header (pci_init_default_subsystem_id).
    private static readonly PciIds QemuSubsystem = new(0, 0, 0x1af4, 0x1100);

    // A bridge's windows after reset: QEMU's pci_bridge_initfn leaves the registers zero, and a root
    // port's reset sets the I/O and memory bases to their top (the windows are then closed).
    private static readonly PciBridgeInfo ClearedWindows = new(0, 0, 0, new(0, 0x0fff), new(0, 0x000f_ffff), new(0, 0x000f_ffff));
    private static readonly PciBridgeInfo RootPortWindows = new(0, 0, 0, new(0xf000, 0x0fff), new(0xfff0_0000, 0x000f_ffff), new(0xfff0_0000, 0x000f_ffff));

    /// <summary>The function's description on bus <paramref name="bus"/>; null for a model whose config space is not known here.</summary>
    public static PciFunctionInfo? Describe(PciDevice device, int bus)
    {
        int slot = PciDevfn.Slot(device.Devfn);
        int function = PciDevfn.Function(device.Devfn);
        string id = device.Id ?? string.Empty;
        switch (device)
        {
            case Mch:
                return new(bus, slot, function, 0x0600, Ids(Intel, 0x29c0, QemuSubsystem), 0, id, [], null);
            case PciTestDevice test:
                var regions = new List<PciRegionInfo> { new(0, false, 4096, false, false), new(1, true, 256, false, false) };
                if (test.MemoryBarSize > 0)
                {
                    regions.Add(new(2, false, test.MemoryBarSize, true, true));
                }

                return new(bus, slot, function, 0x00ff, Ids(RedHat, 0x0005, QemuSubsystem), 0, id, regions, null);
            case PcieRootPort:
                // BAR0 holds the MSI-X table.
                return new(bus, slot, function, PciBridgeClass, new(RedHat, 0x000c, null, null), 1, id, [new(0, false, 4096, false, false)], RootPortWindows);
            case PciBridgeDevice bridge:
                // BAR0 is the SHPC's, which also raises the interrupt.
                return bridge.Shpc
                    ? new(bus, slot, function, PciBridgeClass, new(RedHat, 0x0001, null, null), 1, id, [new(0, false, 256, false, true)], ClearedWindows)
                    : new(bus, slot, function, PciBridgeClass, new(RedHat, 0x0001, null, null), 0, id, [], ClearedWindows);
            case PciePciBridge:
                return new(bus, slot, function, PciBridgeClass, new(RedHat, 0x000e, null, null), 1, id, [new(0, false, 256, false, true)], ClearedWindows);
            case I82801b11Bridge:
                return new(bus, slot, function, PciBridgeClass, new(Intel, 0x244e, null, null), 0, id, [], ClearedWindows);
            case PxbDevice expander:
                return new(bus, slot, function, 0x0600, Ids(RedHat, expander is PxbPcieDevice ? (ushort)0x000b : (ushort)0x0009, QemuSubsystem), 0, id, [], null);
            case Vfio.VfioPci assigned:
                return assigned.DescribeAssigned(bus, slot, function);
            case IPciFixedIdentity fixedIdentity:
                return fixedIdentity.Identity.Describe(bus, slot, function, id);
            default:
                return null;
        }
    }

    private static PciIds Ids(ushort vendor, ushort device, PciIds subsystem) => new(vendor, device, subsystem.SubsystemVendor, subsystem.Subsystem);
}
