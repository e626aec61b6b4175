using System;

namespace QomSharp.Devices.Pci.Config;

/// <summary>
/// Configuration cycles from the host bridge to the functions below a root bus, as QEMU's
/// <c>pci_host_config_read_common</c>/<c>_write_common</c> route them: bus 0 is the root bus, a
/// higher number is a bridge's secondary bus numbered so, found through the bridges whose
/// secondary..subordinate range (as the guest programmed it) holds it; an absent function reads all ones, as does an offset past its space,
/// an unpowered function and a hot-plugged function without its function 0 (writes to those are
/// dropped).
/// </summary>
public sealed class PciConfigAccess(PciBus root)
{
    /// <summary>Reads <paramref name="length"/> bytes at <paramref name="register"/> of bus:devfn, limited to <paramref name="limit"/> bytes of space.</summary>
    public uint Read(int bus, int devfn, int register, int length, int limit)
    {
        if (Find(bus, devfn) is not { IsConfigVisible: true } device)
        {
            return uint.MaxValue;
        }

        PciConfigSpace space = device.ConfigSpace;
        limit = Math.Min(limit, space.Size);
        if (register >= limit)
        {
            return uint.MaxValue;
        }

        return device.ReadConfigSpace(register, Math.Min(length, limit - register));
    }

    /// <summary>Writes <paramref name="length"/> bytes at <paramref name="register"/> of bus:devfn, limited to <paramref name="limit"/> bytes of space.</summary>
    public void Write(int bus, int devfn, int register, uint value, int length, int limit)
    {
        if (Find(bus, devfn) is not { IsConfigVisible: true } device)
        {
            return;
        }

        limit = Math.Min(limit, device.ConfigSpace.Size);
        if (register < limit)
        {
            device.WriteConfigSpace(register, value, Math.Min(length, limit - register));
        }
    }

    // QEMU's pci_find_bus_nr: from the root bus (number 0) down its child buses, newest first: a
    // child numbered as asked is the bus (whatever its bridge's subordinate number or reset bit);
    // else the walk goes into the first child whose range covers the number. A bridge's range is
    // secondary..subordinate unless its secondary bus reset bit is set; an expander's root bus
    // (a child of bus 0) covers the ranges of the bridges on it.
    private PciDevice? Find(int bus, int devfn)
    {
        PciBus current = root;
        if (bus == 0)
        {
            return current[devfn];
        }

        while (true)
        {
            PciBus? next = null;
            foreach (var device in current.Devices)
            {
                PciBus? child;
                bool covers;
                switch (device)
                {
                    case PciBridge { SecondaryBus: { } secondary } bridge:
                        if (bridge.ConfigSpace.Config[PciRegisters.SecondaryBus] == bus)
                        {
                            return secondary[devfn];
                        }

                        child = secondary;
                        covers = SecondaryBusInRange(bridge, bus);
                        break;
                    case PxbDevice { Host.RootBus: PxbPcieBus expanderBus } expander when current.IsRootBus && expanderBus != current:
                        if (expander.BusNumber == bus)
                        {
                            return expanderBus[devfn];
                        }

                        child = expanderBus;
                        covers = HasBridgeOver(expanderBus, bus);
                        break;
                    default:
                        continue;
                }

                if (covers)
                {
                    next = child;
                    break;
                }
            }

            if (next is null)
            {
                return null;
            }

            current = next;
        }
    }

    // QEMU's pci_secondary_bus_in_range: not while the bridge holds its secondary bus in reset.
    private static bool SecondaryBusInRange(PciBridge bridge, int number)
    {
        byte[] config = bridge.ConfigSpace.Config;
        return (PciConfigSpace.GetWord(config, PciRegisters.BridgeControl) & BridgeControlBusReset) == 0
            && config[PciRegisters.SecondaryBus] <= number && number <= config[PciRegisters.SubordinateBus];
    }

    // PCI_BRIDGE_CTL_BUS_RESET.
    private const int BridgeControlBusReset = 0x40;

    // QEMU's pci_root_bus_in_range: a bridge on the bus covers the number.
    private static bool HasBridgeOver(PciBus bus, int number)
    {
        for (int i = 0; i < 256; i++)
        {
            if (bus[i] is PciBridge { SecondaryBus: not null } bridge && SecondaryBusInRange(bridge, number))
            {
                return true;
            }
        }

        return false;
    }
}
