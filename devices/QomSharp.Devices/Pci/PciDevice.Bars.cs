using System.Collections.Generic;
using QomSharp.Devices.Pci.Config;
using QomSharp.Memory;

namespace QomSharp.Devices.Pci;

/// <summary>
/// The function's BARs as QEMU maps them (<c>pci_register_bar</c>, <c>pci_update_mappings</c>):
/// a BAR's region goes into its bus's memory or I/O space at the address the guest programmed,
/// while the command register's decoding bit for its type is on, and the address is one QEMU maps.
/// </summary>
public abstract partial class PciDevice
{
    /// <summary>QEMU's <c>PCI_BAR_UNMAPPED</c>: the address of a BAR that is not mapped.</summary>
    public const ulong BarUnmapped = ulong.MaxValue;

    // The BARs' regions by index (6: the ROM), only as long as the highest registered (most
    // functions use the first one or two): a MemoryRegion?[], or a BarTable once a BAR with pieces
    // is registered or a BAR is first mapped (a function the guest never programs has none); null
    // until one is registered. One field: a machine holds one function object per device.
    private object? barStore;

    private MemoryRegion?[]? BarRegions => barStore as MemoryRegion?[] ?? (barStore as BarTable)?.Regions;

    private BarMapping[]? BarMappings => (barStore as BarTable)?.Mappings;

    // The regions with each one's pieces and mapping, as long.
    private sealed class BarTable(MemoryRegion?[] regions)
    {
        public MemoryRegion?[] Regions = regions;
        public BarMapping[] Mappings = new BarMapping[regions.Length];
    }

    // A BAR's pieces (a container BAR's subregions) and, while it is mapped, its entry (whose base
    // is the BAR's address) and the space holding it.
    private struct BarMapping
    {
        public IReadOnlyList<(ulong Offset, MemoryRegion Region)>? Pieces;
        public PciSpaceEntry? Entry;
        public PciSpace? Space;
    }

    /// <summary>
    /// QEMU's <c>pci_register_bar</c> for the mapping: BAR <paramref name="index"/> (6: the ROM) is
    /// <paramref name="region"/>, answering through its callbacks or, for a container, through
    /// <paramref name="pieces"/> (its subregions and their offsets). The BAR's register and type
    /// come from the configuration space (<see cref="PciConfigSpace.RegisterBar"/>).
    /// </summary>
    protected void RegisterBarRegion(int index, MemoryRegion region, IReadOnlyList<(ulong Offset, MemoryRegion Region)>? pieces = null)
    {
        System.ArgumentNullException.ThrowIfNull(region);
        // Only as long as the highest BAR registered (most functions use the first one or two).
        if (barStore is BarTable table)
        {
            if (table.Regions.Length <= index)
            {
                System.Array.Resize(ref table.Regions, index + 1);
                System.Array.Resize(ref table.Mappings, index + 1);
            }

            table.Regions[index] = region;
            table.Mappings[index] = new BarMapping { Pieces = pieces };
            return;
        }

        var regions = barStore as MemoryRegion?[];
        if (regions is null || regions.Length <= index)
        {
            System.Array.Resize(ref regions, index + 1);
            barStore = regions;
        }

        regions[index] = region;
        if (pieces is not null)
        {
            Mappings()[index].Pieces = pieces;
        }
    }

    // The BARs' mappings, made as long as the regions on first use.
    private BarMapping[] Mappings()
    {
        if (barStore is not BarTable table)
        {
            table = new BarTable((MemoryRegion?[])barStore!);
            barStore = table;
        }

        return table.Mappings;
    }

    /// <summary>
    /// QEMU's <c>memory_region_set_enabled</c> on BAR <paramref name="index"/>'s region: while
    /// disabled, the region stays where the BAR maps it but nothing of it answers.
    /// </summary>
    protected void SetBarRegionEnabled(int index, bool enabled)
    {
        if (BarRegions is not { } bars || index >= bars.Length || bars[index] is not { } region || region.Enabled == enabled)
        {
            return;
        }

        region.SetEnabled(enabled);
        if (BarMappings is { } mappings && mappings[index].Entry is { } entry)
        {
            entry.Enabled = enabled;
            mappings[index].Space!.Commit();
        }
    }

    /// <summary>Where BAR <paramref name="index"/> is mapped (QEMU's <c>io_regions[i].addr</c>), or <see cref="BarUnmapped"/>.</summary>
    public ulong BarAddress(int index) =>
        BarMappings is { } mappings && index < mappings.Length && mappings[index].Entry is { } entry ? entry.Base : BarUnmapped;

    // The register of BAR index.
    private int BarRegister(int index) =>
        index == RomSlot ? (HasBridgeHeader ? PciRegisters.BridgeRomAddress : PciRegisters.RomAddress) : PciRegisters.BaseAddress0 + (4 * index);

    // Whether a configuration write of length bytes at address makes QEMU's pci_default_write_config
    // update the mappings: it touches a BAR, a ROM BAR or the command register's low byte.
    private static bool TouchesMappings(int address, int length) =>
        RangesOverlap(address, length, PciRegisters.BaseAddress0, 24) || RangesOverlap(address, length, PciRegisters.RomAddress, 4)
        || RangesOverlap(address, length, PciRegisters.BridgeRomAddress, 4) || RangesOverlap(address, length, PciRegisters.Command, 1);

    /// <summary>Whether [<paramref name="address"/>, +<paramref name="length"/>) and [<paramref name="start"/>, +<paramref name="size"/>) overlap (QEMU's <c>ranges_overlap</c>).</summary>
    internal static bool RangesOverlap(int address, int length, int start, int size) => address < start + size && start < address + length;

    /// <summary>
    /// QEMU's <c>pci_update_mappings</c>: each BAR with a region moves to the address it decodes
    /// now (or out of its space), then the model's own follow-up (a bridge's VGA windows).
    /// </summary>
    internal void UpdateMappings()
    {
        if (BarRegions is { } bars && PciBus is { } bus && IsConfigSpaceBuilt)
        {
            PciConfigSpace config = ConfigSpace;
            HashSet<PciSpace>? changed = null;
            for (int i = 0; i < bars.Length; i++)
            {
                if (bars[i] is not { } region)
                {
                    continue;
                }

                ulong address = HasPower ? DecodedAddress(config, i, region.Size) : BarUnmapped;
                if (address == BarAddress(i))
                {
                    continue;
                }

                ref BarMapping slot = ref Mappings()[i];
                if (slot.Entry is { } old)
                {
                    slot.Space!.Remove(old);
                    region.Container?.DeleteSubregion(region);
                    (changed ??= []).Add(slot.Space);
                    slot.Entry = null;
                    slot.Space = null;
                }

                if (address != BarUnmapped)
                {
                    bool io = (config.Config[BarRegister(i)] & (byte)PciBarType.Io) != 0 && i != RomSlot;
                    PciSpace space = io ? bus.IoView : bus.MemoryView;
                    var entry = new PciSpaceEntry { Base = address, Size = region.Size, Region = region, Pieces = slot.Pieces, Enabled = region.Enabled };
                    space.Add(entry);
                    slot.Entry = entry;
                    slot.Space = space;
                    (changed ??= []).Add(space);
                    if (region.Container is null && (io ? bus.IoSpace : bus.MemorySpace) is { } container)
                    {
                        container.AddSubregion(address, region, 1);
                    }
                }
            }

            foreach (PciSpace space in changed ?? [])
            {
                space.Commit();
            }
        }

        MappingsUpdated();
    }

    /// <summary>After <see cref="UpdateMappings"/> (QEMU's <c>pci_update_vga</c>): a bridge enables its VGA windows per the command register.</summary>
    private protected virtual void MappingsUpdated()
    {
    }

    // Takes every BAR out of its space (QEMU's pci_unregister_io_regions).
    private void UnmapBars()
    {
        if (BarRegions is not { } bars || BarMappings is not { } barMappings)
        {
            return;
        }

        HashSet<PciSpace>? changed = null;
        for (int i = 0; i < barMappings.Length; i++)
        {
            ref BarMapping slot = ref barMappings[i];
            if (slot.Entry is { } entry)
            {
                slot.Space!.Remove(entry);
                bars[i]!.Container?.DeleteSubregion(bars[i]!);
                (changed ??= []).Add(slot.Space);
                slot.Entry = null;
                slot.Space = null;
            }
        }

        foreach (PciSpace space in changed ?? [])
        {
            space.Commit();
        }
    }

    // QEMU's pci_bar_address: unmapped while the command register's decoding bit for the BAR's type
    // is off, and where the address is 0, wraps, or (a 32-bit BAR) ends at or past 4 GiB - 1; a ROM
    // also needs its enable bit.
    private ulong DecodedAddress(PciConfigSpace config, int index, ulong size)
    {
        int register = BarRegister(index);
        byte[] c = config.Config;
        ushort command = PciConfigSpace.GetWord(c, PciRegisters.Command);
        uint low = PciConfigSpace.GetLong(c, register);
        bool io = index != RomSlot && (low & (uint)PciBarType.Io) != 0;
        ulong address;
        ulong last;
        if (io)
        {
            if ((command & PciRegisters.CommandIo) == 0)
            {
                return BarUnmapped;
            }

            address = low & ~(size - 1);
            last = address + size - 1;
            return last <= address || last >= uint.MaxValue || address == 0 ? BarUnmapped : address;
        }

        if ((command & PciRegisters.CommandMemory) == 0)
        {
            return BarUnmapped;
        }

        bool is64 = index != RomSlot && (low & (uint)PciBarType.Memory64) == (uint)PciBarType.Memory64;
        address = is64 ? low | ((ulong)PciConfigSpace.GetLong(c, register + 4) << 32) : low;
        if (index == RomSlot && (address & PciRegisters.RomEnable) == 0)
        {
            return BarUnmapped;
        }

        address &= ~(size - 1);
        last = address + size - 1;
        if (last <= address || last == BarUnmapped || address == 0 || (!is64 && last >= uint.MaxValue))
        {
            return BarUnmapped;
        }

        return address;
    }
}
