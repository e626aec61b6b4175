using System.Collections.Generic;
using System.Linq;
using QomSharp.Devices.Access;
using QomSharp.Devices.Pci;
using QomSharp.Qdev;

namespace QomSharp.Devices.Ich9;

/// <summary>
/// The ACPI PCI hot-plug registers at I/O 0xcc0-0xcd7 as QEMU 10.0 answers them (the interface the
/// guest's ACPI tables drive, mapped while <c>acpi-pci-hotplug-with-bridge-support</c> is on): dword
/// accesses only, each register for the bus the guest selected by its <c>acpi-pcihp-bsel</c>.
/// <list type="table">
/// <item><term>0x00 PCI_UP</term><description>slots hot-plugged since the last read (the read clears them)</description></item>
/// <item><term>0x04 PCI_DOWN</term><description>slots whose unplug was requested and awaits the guest</description></item>
/// <item><term>0x08 PCI_EJ</term><description>reads 0; writing a slot bit (the lowest one set) ejects the slot's functions</description></item>
/// <item><term>0x0c PCI_RMV</term><description>slots the guest may remove: all but those holding cold-plugged bridges or functions that cannot be unplugged, as at the last reset</description></item>
/// <item><term>0x10 PCI_SEL</term><description>the selected bus number; no register answers while it is 256 or more</description></item>
/// <item><term>0x14 AIDX</term><description>writing a slot bit fetches the acpi-index of the slot's function; the next read returns it once</description></item>
/// </list>
/// Any write clears the fetched acpi-index. The SCI that a plug or unplug raises (GPE0 status bit 1)
/// is not modelled.
/// </summary>
public sealed partial class Ich9Lpc
{
    // QEMU's ACPI_PCIHP_MAX_HOTPLUG_BUS: the bus numbers the registers can select.
    private const int PciHotplugBuses = 256;

    private const ulong PciUpOffset = 0x00;
    private const ulong PciDownOffset = 0x04;
    private const ulong PciEjectOffset = 0x08;
    private const ulong PciRemovableOffset = 0x0c;
    private const ulong PciSelectOffset = 0x10;
    private const ulong PciAcpiIndexOffset = 0x14;

    // Per bus number: slots plugged (up), slots awaiting eject (down), removable slots; allocated
    // with the region.
    private PciHotplugStatus[]? pciHotplugStatus;
    private uint pciHotplugSelect;
    private uint pciHotplugAcpiIndex;

    private struct PciHotplugStatus
    {
        public uint Up;
        public uint Down;
        public uint Removable;
    }

    private PciHotplugPorts CreatePciHotplugOps()
    {
        pciHotplugStatus = new PciHotplugStatus[PciHotplugBuses];
        return new PciHotplugPorts(this);
    }

    // QEMU's acpi_pcihp_io_ops: 4-byte accesses only (the rest read 0 and are not written).
    private sealed class PciHotplugPorts(Ich9Lpc lpc) : AccessRules(validMin: 4, validMax: 4)
    {
        protected override ulong DeviceRead(ulong offset, int size) => lpc.ReadPciHotplug(offset);

        protected override void DeviceWrite(ulong offset, ulong value, int size) => lpc.WritePciHotplug(offset, (uint)value);
    }

    private uint ReadPciHotplug(ulong offset)
    {
        uint bsel = pciHotplugSelect;
        if (bsel >= PciHotplugBuses || pciHotplugStatus is not { } status)
        {
            return 0;
        }

        switch (offset)
        {
            case PciUpOffset:
                uint up = status[bsel].Up;
                status[bsel].Up = 0;
                return up;
            case PciDownOffset:
                return status[bsel].Down;
            case PciRemovableOffset:
                return status[bsel].Removable;
            case PciSelectOffset:
                return bsel;
            case PciAcpiIndexOffset:
                uint index = pciHotplugAcpiIndex;
                pciHotplugAcpiIndex = 0;
                return index;
            default:
                return 0;
        }
    }

    private void WritePciHotplug(ulong offset, uint value)
    {
        pciHotplugAcpiIndex = 0;
        switch (offset)
        {
            case PciAcpiIndexOffset when pciHotplugSelect < PciHotplugBuses:
                int slot = System.Numerics.BitOperations.TrailingZeroCount(value);
                if (FindHotplugBus(pciHotplugSelect) is { } bus
                    && bus.Devices.OfType<PciDevice>().FirstOrDefault(d => PciDevfn.Slot(d.Devfn) == slot) is { } function)
                {
                    pciHotplugAcpiIndex = function.AcpiIndex;
                }

                break;
            case PciEjectOffset when pciHotplugSelect < PciHotplugBuses:
                EjectSlot(pciHotplugSelect, value);
                break;
            case PciSelectOffset:
                pciHotplugSelect = value;
                break;
        }
    }

    // QEMU's acpi_pcihp_find_hotplug_bus: the bus numbered bsel (number 0 falls back to the root
    // bus), if it accepts hot-plug.
    private PciBus? FindHotplugBus(uint bsel)
    {
        if (PciBus is not { } root)
        {
            return null;
        }

        var found = FindBus(root, bsel) ?? (bsel == 0 ? root : null);
        return found is { IsHotpluggable: true } ? found : null;
    }

    // What FindHotplugBus answers for every number, from one depth-first walk (the first bus of a number wins, as there).
    private PciBus?[] HotplugBusesBySelector()
    {
        var buses = new PciBus?[PciHotplugBuses];
        if (PciBus is not { } root)
        {
            return buses;
        }

        CollectBuses(root, buses);
        buses[0] ??= root;
        for (int i = 0; i < buses.Length; i++)
        {
            if (buses[i] is { IsHotpluggable: false })
            {
                buses[i] = null;
            }
        }

        return buses;
    }

    private static void CollectBuses(PciBus bus, PciBus?[] buses)
    {
        if (bus.AcpiHotplugSelector is { } bsel && bsel < buses.Length)
        {
            buses[bsel] ??= bus;
        }

        foreach (var device in bus.Devices)
        {
            if (ChildBusOf(device) is { } child)
            {
                CollectBuses(child, buses);
            }
        }
    }

    private static PciBus? FindBus(PciBus bus, uint bsel)
    {
        if (bus.AcpiHotplugSelector == bsel)
        {
            return bus;
        }

        foreach (var device in bus.Devices)
        {
            if (ChildBusOf(device) is { } child && FindBus(child, bsel) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static PciBus? ChildBusOf(Device device) => device switch
    {
        PciBridge { SecondaryBus: { } secondary } => secondary,
        PxbDevice { Host.RootBus: PciBus expander } => expander,
        _ => null,
    };

    // QEMU's acpi_pcihp_pc_no_hotplug: ACPI does not describe a cold-plugged bridge as removable,
    // nor a function whose class cannot be unplugged.
    private static bool CannotBeEjected(Device device) =>
        (device is PciBridge && !device.IsHotplugged) || !device.DeviceClass.Hotpluggable;

    // QEMU's acpi_pcihp_eject_slot: the lowest slot written completes its request; every function
    // in it that can go is unplugged through its handler (the newest first).
    private void EjectSlot(uint bsel, uint slots)
    {
        int slot = System.Numerics.BitOperations.TrailingZeroCount(slots);
        if (FindHotplugBus(bsel) is not { } bus || slot > 31 || pciHotplugStatus is not { } status)
        {
            return;
        }

        status[bsel].Down &= ~(1U << slot);
        status[bsel].Up &= ~(1U << slot);
        var functions = new List<Device>();
        foreach (var device in bus.Devices)
        {
            if (device is PciDevice function && PciDevfn.Slot(function.Devfn) == slot && !CannotBeEjected(function))
            {
                functions.Add(function);
            }
        }

        foreach (var function in functions)
        {
            if (function.HotplugHandler is { } handler)
            {
                handler.Unplug(function);
            }
            else
            {
                function.Unparent();
            }
        }
    }

    // QEMU's acpi_pcihp_reset: pending unplugs complete, and every bus number's removable slots
    // are worked out again.
    private void ResetPciHotplugRegisters()
    {
        if (pciHotplugStatus is not { } status)
        {
            return;
        }

        // One walk of the tree for all 256 numbers (a walk per number made this linear in the
        // devices 256 times over); an eject changes the tree, so the walk is made again after one.
        var buses = HotplugBusesBySelector();
        for (uint bsel = 0; bsel < PciHotplugBuses; bsel++)
        {
            while (status[bsel].Down != 0)
            {
                EjectSlot(bsel, status[bsel].Down);
                buses = HotplugBusesBySelector();
                if (buses[bsel] is null)
                {
                    break;
                }
            }

            status[bsel].Removable = ~0U;
            if (buses[bsel] is not { } bus)
            {
                continue;
            }

            foreach (var device in bus.Devices)
            {
                if (device is PciDevice function && CannotBeEjected(function))
                {
                    status[bsel].Removable &= ~(1U << PciDevfn.Slot(function.Devfn));
                }
            }
        }
    }

    // QEMU's acpi_pcihp_device_plug_cb and unplug_request_cb: the slot's bit for the guest.
    private void NotePciHotplugEvent(PciDevice function, bool plugged)
    {
        if (pciHotplugStatus is not { } status || function.PciBus?.AcpiHotplugSelector is not { } bsel || bsel >= PciHotplugBuses)
        {
            return;
        }

        uint bit = 1U << PciDevfn.Slot(function.Devfn);
        if (plugged)
        {
            status[bsel].Up |= bit;
        }
        else
        {
            status[bsel].Down |= bit;
        }

        SendGpeEvent(PciHotplugGpe);
    }

    // QEMU's ACPI_PCI_HOTPLUG_STATUS: the GPE0 status bit of a PCI hot-plug event.
    private const byte PciHotplugGpe = 0x02;
}
