using System;

namespace QomSharp.Devices.Pci.Config;

/// <summary>
/// Configuration cycles from the host bridge to the functions below a root bus, as QEMU's
/// <c>pci_host_config_read_common</c>/<c>_write_common</c> route them: bus 0 is the root bus, a
/// higher number is found behind the bridge whose secondary..subordinate range (as the guest
/// programmed it) holds it; an absent function reads all ones, as does an offset past its space,
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

    // QEMU's pci_find_bus_nr: down through the bridges whose bus range covers the number.
    private PciDevice? Find(int bus, int devfn) => Find(root, 0, bus, devfn);

    private static PciDevice? Find(PciBus current, int number, int bus, int devfn)
    {
        if (bus == number)
        {
            return current[devfn];
        }

        for (int i = 0; i < 256; i++)
        {
            if (current[i] is PciBridge { SecondaryBus: { } secondary } bridge)
            {
                byte[] config = bridge.ConfigSpace.Config;
                int first = config[PciRegisters.SecondaryBus];
                int last = config[PciRegisters.SubordinateBus];
                if (first > number && first <= bus && bus <= last)
                {
                    return Find(secondary, first, bus, devfn);
                }
            }
        }

        // The expanders' root buses count as children of bus 0 (QEMU's pci_root_bus_in_range):
        // the bus numbered bus_nr, and those behind its bridges.
        if (current.IsRootBus)
        {
            for (int i = 0; i < 256; i++)
            {
                if (current[i] is PxbDevice { Host.RootBus: PxbPcieBus expanderBus } expander && expanderBus != current)
                {
                    if (expander.BusNumber == bus)
                    {
                        return expanderBus[devfn];
                    }

                    if (HasBridgeOver(expanderBus, bus))
                    {
                        return Find(expanderBus, expander.BusNumber, bus, devfn);
                    }
                }
            }
        }

        return null;
    }

    private static bool HasBridgeOver(PciBus bus, int number)
    {
        for (int i = 0; i < 256; i++)
        {
            if (bus[i] is PciBridge { SecondaryBus: not null } bridge)
            {
                byte[] config = bridge.ConfigSpace.Config;
                if (config[PciRegisters.SecondaryBus] <= number && number <= config[PciRegisters.SubordinateBus])
                {
                    return true;
                }
            }
        }

        return false;
    }
}
