using System.Collections.Generic;
using QomSharp.Monitor;

namespace QomSharp.Devices.Pci;

/// <summary>The PCI bus as the monitor lists it (<c>query-pci</c>, <c>info pci</c>).</summary>
public partial class PciBus : IPciBusInfo
{
    /// <inheritdoc/>
    public bool IsRootBus => ParentDevice is not PciBridge;

    /// <summary>
    /// The bus number (QEMU's <c>pci_bus_num</c>): 0 for the root bus, an expander's <c>bus_nr</c>
    /// for its bus, and for a bridge's bus the secondary bus number the guest programmed (0 until then).
    /// </summary>
    public int BusNumber => ParentDevice switch
    {
        PciBridge bridge => bridge.IsRealized && bridge.HasConfigSpace ? bridge.ConfigSpace.Config[Config.PciRegisters.SecondaryBus] : 0,
        _ when this is PxbPcieBus { Expander: { } expander } => expander.BusNumber,
        _ => 0,
    };

    /// <summary>
    /// QEMU's <c>pci_find_bus_nr</c> from this bus: the bus numbered <paramref name="number"/>,
    /// this one or one below it. A bridge's bus whose bridge does not cover the number (its
    /// secondary..subordinate range, none while its secondary bus reset bit is set) finds nothing;
    /// else the walk goes down the child buses, newest first: a child numbered so is the bus
    /// (whatever its bridge's subordinate number or reset bit), else the walk goes into the first
    /// child that covers the number (an expander's bus, a child of the root bus, covers the ranges
    /// of the bridges on it).
    /// </summary>
    public PciBus? FindBus(int number)
    {
        if (BusNumber == number)
        {
            return this;
        }

        if (ParentDevice is PciBridge parent && !SecondaryBusInRange(parent, number))
        {
            return null;
        }

        PciBus current = this;
        while (true)
        {
            PciBus? next = null;
            foreach (var device in current.Devices)
            {
                PciBus child;
                bool covers;
                switch (device)
                {
                    case PciBridge { SecondaryBus: { } secondary } bridge:
                        child = secondary;
                        covers = SecondaryBusInRange(bridge, number);
                        break;
                    case PxbDevice { Host.RootBus: PxbPcieBus expanderBus } when expanderBus != current:
                        child = expanderBus;
                        covers = HasBridgeOver(expanderBus, number);
                        break;
                    default:
                        continue;
                }

                if (child.BusNumber == number)
                {
                    return child;
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
        if (!bridge.HasConfigSpace)
        {
            // Registers as at reset: secondary and subordinate 0, no reset bit.
            return number == 0;
        }

        byte[] config = bridge.ConfigSpace.Config;
        return (Config.PciConfigSpace.GetWord(config, Config.PciRegisters.BridgeControl) & BridgeControlBusReset) == 0
            && config[Config.PciRegisters.SecondaryBus] <= number && number <= config[Config.PciRegisters.SubordinateBus];
    }

    // PCI_BRIDGE_CTL_BUS_RESET.
    private const int BridgeControlBusReset = 0x40;

    // QEMU's pci_root_bus_in_range: a bridge on the bus covers the number.
    private static bool HasBridgeOver(PciBus bus, int number)
    {
        for (int devfn = 0; devfn < DevfnCount; devfn++)
        {
            if (bus.functions[devfn] is PciBridge { SecondaryBus: not null } bridge && SecondaryBusInRange(bridge, number))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public IEnumerable<PciFunctionInfo> Functions
    {
        get
        {
            for (int devfn = 0; devfn < DevfnCount; devfn++)
            {
                if (functions[devfn] is { IsRealized: true } device && device.Describe(BusNumber) is { } info)
                {
                    yield return info;
                }
            }
        }
    }
}
