using System.Collections.Generic;
using QomSharp.Devices.Pci.Config;
using QomSharp.Memory;

namespace QomSharp.Devices.Pci;

public abstract partial class PciDevice
{
    // The BARs whose regions follow the guest's BAR and command registers in the region tree
    // (QEMU's pci_register_bar for the region, pci_update_mappings), with where each is mapped.
    private List<BarRegion>? barRegions;

    private sealed class BarRegion(int register, MemoryRegion region, PciBarType type)
    {
        public int Register { get; } = register;

        public MemoryRegion Region { get; } = region;

        public PciBarType Type { get; } = type;

        public ulong? MappedAt { get; set; }
    }

    /// <summary>
    /// QEMU's <c>pci_register_bar</c> for the region: <paramref name="region"/> is placed in the PCI
    /// memory or I/O space (at priority 1) where the guest programs the BAR at
    /// <paramref name="register"/>, while the command register enables that space. Only on a root
    /// bus (behind a bridge its windows decide), and only in the region tree: accesses are not
    /// dispatched to the region through this mapping.
    /// </summary>
    protected void SetBarRegion(int register, MemoryRegion region, PciBarType type)
    {
        System.ArgumentNullException.ThrowIfNull(region);
        (barRegions ??= []).Add(new BarRegion(register, region, type));
    }

    // QEMU's pci_update_mappings, after a write to the command register or a BAR, and at reset.
    private void UpdateBarRegions()
    {
        if (barRegions is null)
        {
            return;
        }

        // A space not built yet (or dropped when the slot lost power) holds the BARs' reset values.
        byte[]? c = IsConfigSpaceBuilt ? ConfigSpace.Config : null;
        ushort command = c is null ? (ushort)0 : PciConfigSpace.GetWord(c, PciRegisters.Command);
        bool onRoot = PciBus is { IsRoot: true };
        foreach (var bar in barRegions)
        {
            ulong? address = onRoot && c is not null ? BarAddress(c, command, bar) : null;
            if (address == bar.MappedAt)
            {
                continue;
            }

            bar.Region.Container?.DeleteSubregion(bar.Region);
            bar.MappedAt = address;
            if (address is { } at && SpaceOf(bar) is { } space)
            {
                space.AddSubregion(at, bar.Region, 1);
            }
        }
    }

    private MemoryRegion? SpaceOf(BarRegion bar) =>
        (bar.Type & PciBarType.Io) != 0 ? Context.Qdev.IoSpace.Root : (Context.ResolvePath("/machine") as Machines.PcMachine)?.PciMemory;

    // QEMU's pci_bar_address: unmapped while the space is off, at 0, or when the BAR wraps (an I/O
    // or 32-bit memory BAR past 4 GiB, a 64-bit one to the all-ones address).
    private static ulong? BarAddress(byte[] c, ushort command, BarRegion bar)
    {
        ulong size = bar.Region.Size;
        bool io = (bar.Type & PciBarType.Io) != 0;
        if ((command & (io ? PciRegisters.CommandIo : PciRegisters.CommandMemory)) == 0)
        {
            return null;
        }

        bool is64 = !io && (bar.Type & PciBarType.Memory64) != 0;
        ulong value = PciConfigSpace.GetLong(c, bar.Register);
        if (is64)
        {
            value |= (ulong)PciConfigSpace.GetLong(c, bar.Register + 4) << 32;
        }

        ulong address = value & ~(size - 1);
        ulong last = address + size - 1;
        if (last <= address || address == 0 || last == ulong.MaxValue || (!is64 && last >= uint.MaxValue))
        {
            return null;
        }

        return address;
    }
}
