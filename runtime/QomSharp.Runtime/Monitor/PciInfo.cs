using System.Collections.Generic;

namespace QomSharp.Monitor;

/// <summary>
/// A PCI bus as the monitor lists it (QMP <c>query-pci</c>, HMP <c>info pci</c>). The PCI models
/// implement it; the monitor lists the root buses and, behind a bridge, the bus its secondary bus
/// number selects (none before firmware numbers the buses, as in QEMU).
/// </summary>
public interface IPciBusInfo
{
    /// <summary>Whether the bus is a host bridge's root bus.</summary>
    bool IsRootBus { get; }

    /// <summary>The bus number (a root bus's is its host bridge's; 0 for <c>pcie.0</c>).</summary>
    int BusNumber { get; }

    /// <summary>The realized functions on the bus, in devfn order.</summary>
    IEnumerable<PciFunctionInfo> Functions { get; }
}

/// <summary>One PCI function as <c>query-pci</c> describes it (QAPI's <c>PciDeviceInfo</c>).</summary>
/// <param name="Bus">The bus number.</param>
/// <param name="Slot">The slot (device number).</param>
/// <param name="Function">The function number.</param>
/// <param name="ClassCode">The class and subclass (<c>0x0604</c>: PCI bridge).</param>
/// <param name="Ids">Vendor, device and subsystem ids.</param>
/// <param name="InterruptPin">The interrupt pin register (0: none, 1: INTA ...).</param>
/// <param name="QdevId">The device's id, or <c>""</c>.</param>
/// <param name="Regions">The BARs, in BAR order.</param>
/// <param name="Bridge">The bridge's bus numbers and windows; null for an endpoint.</param>
/// <param name="InterruptLine">The interrupt line register (what <c>query-pci</c> reports as <c>irq</c>).</param>
public sealed record PciFunctionInfo(int Bus, int Slot, int Function, ushort ClassCode, PciIds Ids, byte InterruptPin, string QdevId, IReadOnlyList<PciRegionInfo> Regions, PciBridgeInfo? Bridge, byte InterruptLine = 0);

/// <summary>A function's identification registers; the subsystem ids are absent from a bridge's header.</summary>
/// <param name="Vendor">The vendor id.</param>
/// <param name="Device">The device id.</param>
/// <param name="SubsystemVendor">The subsystem vendor id, if the header has one.</param>
/// <param name="Subsystem">The subsystem id, if the header has one.</param>
public readonly record struct PciIds(ushort Vendor, ushort Device, ushort? SubsystemVendor, ushort? Subsystem);

/// <summary>One BAR (QAPI's <c>PciMemoryRegion</c>); it is not mapped until firmware programs it.</summary>
/// <param name="Bar">The BAR index.</param>
/// <param name="IsIo">An I/O BAR (else memory).</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="Prefetchable">A prefetchable memory BAR.</param>
/// <param name="Is64Bit">A 64-bit memory BAR.</param>
/// <param name="Address">Where the BAR is mapped; all ones while it is not.</param>
public sealed record PciRegionInfo(int Bar, bool IsIo, ulong Size, bool Prefetchable, bool Is64Bit, ulong Address = ulong.MaxValue);

/// <summary>A bridge's bus numbers and forwarding windows (base and limit as the registers give them).</summary>
/// <param name="Number">The primary bus number.</param>
/// <param name="Secondary">The secondary bus number.</param>
/// <param name="Subordinate">The subordinate bus number.</param>
/// <param name="Io">The I/O window.</param>
/// <param name="Memory">The memory window.</param>
/// <param name="Prefetchable">The prefetchable memory window.</param>
/// <param name="Devices">The functions on the secondary bus, once it is numbered (null: not listed).</param>
public sealed record PciBridgeInfo(int Number, int Secondary, int Subordinate, PciWindow Io, PciWindow Memory, PciWindow Prefetchable, IReadOnlyList<PciFunctionInfo>? Devices = null);

/// <summary>A bridge window: base and limit addresses.</summary>
/// <param name="Base">The first address forwarded.</param>
/// <param name="Limit">The last address forwarded (below the base: the window is closed).</param>
public readonly record struct PciWindow(ulong Base, ulong Limit);

/// <summary>QEMU's <c>pci_class_descriptions</c>: the names <c>query-pci</c>, <c>info pci</c> and <c>info qtree</c> give classes.</summary>
public static class PciClassNames
{
    private static readonly Dictionary<ushort, string> Names = new()
    {
        [0x0001] = "VGA controller",
        [0x0100] = "SCSI controller",
        [0x0101] = "IDE controller",
        [0x0102] = "Floppy controller",
        [0x0103] = "IPI controller",
        [0x0104] = "RAID controller",
        [0x0106] = "SATA controller",
        [0x0107] = "SAS controller",
        [0x0180] = "Storage controller",
        [0x0200] = "Ethernet controller",
        [0x0201] = "Token Ring controller",
        [0x0202] = "FDDI controller",
        [0x0203] = "ATM controller",
        [0x0280] = "Network controller",
        [0x0300] = "VGA controller",
        [0x0301] = "XGA controller",
        [0x0302] = "3D controller",
        [0x0380] = "Display controller",
        [0x0400] = "Video controller",
        [0x0401] = "Audio controller",
        [0x0402] = "Phone",
        [0x0403] = "Audio controller",
        [0x0480] = "Multimedia controller",
        [0x0500] = "RAM controller",
        [0x0501] = "Flash controller",
        [0x0580] = "Memory controller",
        [0x0600] = "Host bridge",
        [0x0601] = "ISA bridge",
        [0x0602] = "EISA bridge",
        [0x0603] = "MC bridge",
        [0x0604] = "PCI bridge",
        [0x0605] = "PCMCIA bridge",
        [0x0606] = "NUBUS bridge",
        [0x0607] = "CARDBUS bridge",
        [0x0608] = "RACEWAY bridge",
        [0x0680] = "Bridge",
        [0x0700] = "Serial port",
        [0x0701] = "Parallel port",
        [0x0800] = "Interrupt controller",
        [0x0801] = "DMA controller",
        [0x0802] = "Timer",
        [0x0803] = "RTC",
        [0x0900] = "Keyboard",
        [0x0901] = "Pen",
        [0x0902] = "Mouse",
        [0x0a00] = "Dock station",
        [0x0b00] = "i386 cpu",
        [0x0c00] = "Firewire controller",
        [0x0c01] = "Access bus controller",
        [0x0c02] = "SSA controller",
        [0x0c03] = "USB controller",
        [0x0c04] = "Fibre channel controller",
        [0x0c05] = "SMBus",
    };

    /// <summary>The description of class <paramref name="classCode"/>, or null when QEMU has none.</summary>
    public static string? Describe(ushort classCode) => Names.GetValueOrDefault(classCode);
}

/// <summary>Collects the PCI hierarchy for the monitor.</summary>
public static class PciListing
{
    /// <summary>The root buses, newest host bridge first (QEMU's <c>pci_host_bridges</c> list: an expander's bus before <c>pcie.0</c>).</summary>
    public static List<IPciBusInfo> RootBuses(QomContext context)
    {
        var buses = new List<IPciBusInfo>();
        if (context.ResolvePath("/machine") is Qdev.Machine machine)
        {
            Collect(machine.MainSystemBus, buses);
        }

        buses.Reverse();
        return buses;
    }

    private static void Collect(Qdev.Bus bus, List<IPciBusInfo> found)
    {
        if (bus is IPciBusInfo { IsRootBus: true } pci)
        {
            found.Add(pci);
        }

        var devices = new List<Qdev.Device>(bus.Devices);
        devices.Reverse();
        foreach (var device in devices)
        {
            var children = new List<Qdev.Bus>(device.ChildBuses);
            children.Reverse();
            foreach (var child in children)
            {
                Collect(child, found);
            }
        }
    }
}
