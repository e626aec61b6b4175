using System;
using System.Collections.Generic;
using System.Linq;
using QomSharp.Devices.Host;
using QomSharp.Devices.Pci;
using QomSharp.Devices.Pci.Config;

namespace QomSharp.Devices.Vfio;

/// <summary>
/// The assigned function's capabilities, rebuilt from the host's as QEMU 10.0's vfio-pci does at
/// realize (hw/vfio/pci.c, <c>vfio_msix_early_setup</c>, <c>vfio_add_std_cap</c>,
/// <c>vfio_add_ext_cap</c>): every standard capability at the host's offset and in the host's
/// order, MSI and MSI-X emulated, the PCI Express capability adapted to the bus or hidden, the other
/// capabilities' registers read through; extended capabilities only on a PCI Express bus, with
/// SR-IOV and ARI dropped and Resizable BAR reduced to the current sizes.
/// </summary>
public partial class VfioPci
{
    // PCI_VENDOR_ID_CHELSIO.
    private const ushort ChelsioVendor = 0x1425;

    // Capability and extended capability ids QEMU treats apart.
    private const byte PciExpressId = 0x10;
    private const int SriovId = 0x10;
    private const int AriId = 0x0e;
    private const int ResizableBarId = 0x15;

    // PCI Express capability registers and fields (PCI_EXP_*).
    private const int ExpressFlags = 0x02;
    private const int LinkCapabilities = 0x0c;
    private const int LinkControl = 0x10;
    private const int LinkStatus = 0x12;
    private const int LinkCapabilities2 = 0x2c;
    private const int LinkControl2 = 0x30;
    private const int LinkStatus2 = 0x32;
    private const int TypeEndpoint = 0x0;
    private const int TypeLegacyEndpoint = 0x1;
    private const int TypeRootComplexEndpoint = 0x9;

    // The MSI-X structures: 16 bytes per table entry, one pending bit per vector in 64-bit words.
    private const int MsixEntrySize = 16;

    /// <summary>Where the MSI-X table and PBA are for the guest, once realized (null without MSI-X).</summary>
    public (int Entries, int TableBar, uint TableOffset, int PbaBar, uint PbaOffset)? GuestMsix { get; private set; }

    // QEMU's pci_is_express for vfio-pci: the config region is 4 KiB (vfio_instance_init sets the
    // express bit, vfio_realize clears it for a 256-byte region).
    /// <inheritdoc/>
    protected override bool HasExpressConfig => guestConfig?.HasExpressSpace ?? false;

    // QEMU's vfio_msix_early_setup and vfio_pci_relocate_msix, after the ROM is sized: where the
    // MSI-X structures are (a PBA past its BAR is refused, but for Chelsio T5 VFs, whose PBA sits at
    // 0x1000), then moved to another BAR when x-msix-relocation asks. Returns the BARs the guest sees.
    private IReadOnlyList<HostPciBar> SetUpMsix(HostPciConfig config, ushort vendor, ushort deviceId, string prefix)
    {
        GuestMsix = null;
        HostPciCapability? msix = config.Capabilities.FirstOrDefault(c => !c.IsExtended && c.Id == PciCapabilities.MsixId);
        if (msix is null)
        {
            return config.Bars;
        }

        int entries = (Word(msix, 2) & 0x7ff) + 1;
        uint table = Long(msix, 4);
        uint pba = Long(msix, 8);
        int tableBar = (int)(table & 7);
        uint tableOffset = table & ~7u;
        int pbaBar = (int)(pba & 7);
        uint pbaOffset = pba & ~7u;
        var bars = new HostPciBar?[HostPciBar.Count];
        foreach (HostPciBar bar in config.Bars)
        {
            bars[bar.Index] = bar;
        }

        if (pbaOffset >= BarSize(bars, pbaBar))
        {
            if (vendor == ChelsioVendor && (deviceId & 0xff00) == 0x5800)
            {
                pbaOffset = 0x1000;
            }
            else if (MsixRelocation == OffAutoPciBar.Off)
            {
                throw new QomException(prefix + "hardware reports invalid configuration, MSIX PBA outside of specified BAR");
            }
        }

        if (MsixRelocation != OffAutoPciBar.Off)
        {
            // The structures' size, rounded up to a host page and then to a power of two.
            ulong size = (ulong)(entries * MsixEntrySize) + ((((ulong)entries + 63) & ~63UL) / 8);
            size = System.Numerics.BitOperations.RoundUpToPowerOf2((size + HostPageSize - 1) & ~(HostPageSize - 1));
            if (MsixRelocation == OffAutoPciBar.Auto)
            {
                throw new QomException(prefix + $"No automatic MSI-X relocation available for device {vendor:x4}:{deviceId:x4}");
            }

            int target = MsixRelocation - OffAutoPciBar.Bar0;
            HostPciBar? existing = bars[target];
            if (existing is { IsIo: true })
            {
                throw new QomException(prefix + $"Invalid MSI-X relocation BAR {target}, I/O port BAR");
            }

            if (existing is null && target > 0 && bars[target - 1] is { Is64Bit: true })
            {
                throw new QomException(prefix + $"Invalid MSI-X relocation BAR {target}, consumed by 64-bit BAR {target - 1}");
            }

            if (existing is { Is64Bit: false } && existing.Size > 1UL << 30)
            {
                throw new QomException(prefix + $"Invalid MSI-X relocation BAR {target}, no space to extend 32-bit BAR");
            }

            if (existing is null)
            {
                // A new BAR: 64-bit when the next register is free, prefetchable either way.
                bool is64 = target < HostPciBar.Count - 1 && bars[target + 1] is null;
                bars[target] = new HostPciBar(target, false, size, true, is64);
                tableOffset = 0;
            }
            else
            {
                ulong grown = Math.Max(existing.Size * 2, size * 2);
                bars[target] = existing with { Size = grown };
                tableOffset = (uint)(grown / 2);
            }

            tableBar = pbaBar = target;
            pbaOffset = tableOffset + (uint)(entries * MsixEntrySize);
        }

        GuestMsix = (entries, tableBar, tableOffset, pbaBar, pbaOffset);
        return bars.OfType<HostPciBar>().ToList();
    }

    // The host page the MSI-X relocation rounds to (qemu_real_host_page_size on x86).
    private const ulong HostPageSize = 4096;

    /// <summary>
    /// QEMU's <c>vfio_add_capabilities</c>, run at realize on a scratch space so that its refusals
    /// come then (the space itself is built on first access).
    /// </summary>
    private void CheckCapabilities(string prefix)
    {
        if (guestConfig is { Capabilities.Count: > 0 })
        {
            AddCapabilities(new PciConfigSpace(HasExpressConfig ? PciConfigSpace.ExpressSize : PciConfigSpace.ConventionalSize), prefix);
        }
    }

    // The host's capability area, then QEMU's rebuild of the lists over it: bytes QEMU does not
    // emulate read through to the device, so they are the host's.
    private void AddCapabilities(PciConfigSpace config, string prefix)
    {
        if (guestConfig is not { Capabilities.Count: > 0 } host)
        {
            return;
        }

        byte[] device = HostPciCapability.Space(host.Capabilities);
        Array.Copy(device, PciConfigSpace.HeaderSize, config.Config, PciConfigSpace.HeaderSize, Math.Min(device.Length, config.Size) - PciConfigSpace.HeaderSize);
        config.Config[PciRegisters.Status] |= device[PciRegisters.Status];
        var standard = host.Capabilities.Where(c => !c.IsExtended).ToList();
        config.Config[PciRegisters.CapabilityList] = 0;

        // vfio_add_std_cap recurses to the end of the list and adds on the way back (each one goes
        // in at the head), so the list keeps the host's order. A capability's size runs to the
        // next one up, or to 0x100.
        for (int i = standard.Count - 1; i >= 0; i--)
        {
            HostPciCapability capability = standard[i];
            int at = capability.Offset;
            int size = standard.Where(c => c.Offset > at).Select(c => c.Offset).DefaultIfEmpty(HostPciCapability.ExtendedStart).Min() - at;
            string failure = $"failed to add PCI capability 0x{capability.Id:x}[0x{size:x}]@0x{at:x}: ";
            switch (capability.Id)
            {
                case PciCapabilities.MsiId:
                    // vfio_msi_setup: msi_init with the host's vector count, 64-bit and per-vector masking.
                    int flags = Word(capability, 2);
                    bool is64 = (flags & 0x80) != 0;
                    bool masking = (flags & 0x100) != 0;
                    PciCapabilities.AddMsi(config, at, 1 << ((flags >> 1) & 7), is64, masking);

                    // msi_reset at the machine's reset: address, data, mask and pending bits read 0.
                    Array.Clear(config.Config, at + 4, is64 ? 8 : 4);
                    Array.Clear(config.Config, at + (is64 ? 0x0c : 0x08), 2);
                    if (masking)
                    {
                        Array.Clear(config.Config, at + (is64 ? 0x10 : 0x0c), 8);
                    }

                    break;
                case PciExpressId:
                    AddExpressCapability(config, capability, size, failure, prefix);
                    break;
                case PciCapabilities.MsixId:
                    AddMsixCapability(config, at, failure, prefix);
                    break;
                default:
                    // Power management, Advanced Features, vendor-specific and the rest: as they are.
                    config.AddCapability((byte)capability.Id, at, size);
                    break;
            }
        }

        AddExtendedCapabilities(config, host, device);
    }

    // vfio_setup_pcie_cap: only endpoints; hidden on a conventional bus of a PCI Express machine and
    // for a legacy endpoint on a root bus; an endpoint on a root bus becomes a root complex integrated
    // endpoint without link registers, an integrated endpoint elsewhere an endpoint with an x1 2.5 GT/s
    // link; version 0 reads as 1.
    private void AddExpressCapability(PciConfigSpace config, HostPciCapability capability, int size, string failure, string prefix)
    {
        int at = capability.Offset;
        int flags = Word(capability, ExpressFlags);
        int type = (flags >> 4) & 0xf;
        if (type is not (TypeEndpoint or TypeLegacyEndpoint or TypeRootComplexEndpoint))
        {
            throw Refuse(prefix + failure + $"assignment of PCIe type 0x{type:x} devices is not currently supported");
        }

        PciBus bus = PciBus!;
        byte[] c = config.Config;
        if (bus is not PcieBus)
        {
            while (!bus.IsRoot && bus.ParentBridge?.PciBus is { } parent)
            {
                bus = parent;
            }

            if (bus is PcieBus)
            {
                return;
            }
        }
        else if (bus.IsRoot)
        {
            if (type == TypeLegacyEndpoint)
            {
                return;
            }

            if (type == TypeEndpoint)
            {
                PciConfigSpace.SetWord(c, at + ExpressFlags, (PciConfigSpace.GetWord(c, at + ExpressFlags) & ~0xf0) | (TypeRootComplexEndpoint << 4));
                if (size > LinkControl)
                {
                    PciConfigSpace.SetLong(c, at + LinkCapabilities, 0);
                    PciConfigSpace.SetWord(c, at + LinkControl, 0);
                    PciConfigSpace.SetWord(c, at + LinkStatus, 0);
                    if (size > LinkCapabilities2)
                    {
                        PciConfigSpace.SetLong(c, at + LinkCapabilities2, 0);
                        PciConfigSpace.SetWord(c, at + LinkControl2, 0);
                        PciConfigSpace.SetWord(c, at + LinkStatus2, 0);
                    }
                }
            }
        }
        else if (type == TypeRootComplexEndpoint)
        {
            // QEMU_PCI_EXP_LNKCAP_MLW(x1) | QEMU_PCI_EXP_LNKCAP_MLS(2.5 GT/s).
            PciConfigSpace.SetWord(c, at + ExpressFlags, PciConfigSpace.GetWord(c, at + ExpressFlags) & ~0xf0);
            PciConfigSpace.SetLong(c, at + LinkCapabilities, 0x11);
            PciConfigSpace.SetWord(c, at + LinkControl, 0);
        }

        // Intel 82599 VFs report version 0 (erratum): the guest sees version 1.
        if ((flags & 0xf) == 0)
        {
            PciConfigSpace.SetWord(c, at + ExpressFlags, (PciConfigSpace.GetWord(c, at + ExpressFlags) & ~0xf) | 1);
        }

        config.AddCapability(PciExpressId, at, size);
    }

    // vfio_msix_setup: msix_init with the table and PBA found (or relocated) at realize; they must
    // not overlap, must fit their BARs and be 8-byte aligned.
    private void AddMsixCapability(PciConfigSpace config, int at, string failure, string prefix)
    {
        (int entries, int tableBar, uint tableOffset, int pbaBar, uint pbaOffset) = GuestMsix!.Value;
        ulong tableSize = (ulong)entries * MsixEntrySize;
        ulong pbaSize = (((ulong)entries + 63) & ~63UL) / 8;
        var bars = guestConfig!.Bars;
        ulong tableBarSize = bars.FirstOrDefault(b => b.Index == tableBar)?.Size ?? 0;
        ulong pbaBarSize = bars.FirstOrDefault(b => b.Index == pbaBar)?.Size ?? 0;
        bool overlap = tableBar == pbaBar && tableOffset < pbaOffset + pbaSize && pbaOffset < tableOffset + tableSize;
        if (overlap || tableOffset + tableSize > tableBarSize || pbaOffset + pbaSize > pbaBarSize || ((tableOffset | pbaOffset) & 7) != 0)
        {
            throw Refuse(prefix + failure + "table & pba overlap, or they don't fit in BARs, or don't align");
        }

        PciCapabilities.AddMsix(config, at, entries, tableBar, tableOffset, pbaBar, pbaOffset);
    }

    // vfio_add_ext_cap: only on a PCI Express bus and when the host has any. The list is rebuilt from
    // a placeholder head at 0x100 (id 0xffff, then 0 if nothing replaced it); capability id 0 (masked
    // by the kernel), SR-IOV and ARI are left out; each kept one runs to the next one up.
    private void AddExtendedCapabilities(PciConfigSpace config, HostPciConfig host, byte[] device)
    {
        var extended = host.Capabilities.Where(c => c.IsExtended).ToList();
        if (!config.IsExpress || PciBus is not PcieBus || extended.Count == 0 || PciConfigSpace.GetLong(device, HostPciCapability.ExtendedStart) == 0)
        {
            return;
        }

        PciConfigSpace.SetLong(config.Config, HostPciCapability.ExtendedStart, 0xffff);
        PciConfigSpace.SetLong(config.WMask, HostPciCapability.ExtendedStart, 0);
        foreach (HostPciCapability capability in extended)
        {
            int at = capability.Offset;
            int size = extended.Where(c => c.Offset > at).Select(c => c.Offset).DefaultIfEmpty(HostPciCapability.ExpressEnd).Min() - at;
            switch (capability.Id)
            {
                case 0:
                case SriovId:
                case AriId:
                    break;
                case ResizableBarId:
                    if (ReduceResizableBar(config, at))
                    {
                        config.AddExtendedCapability((ushort)capability.Id, (byte)capability.Version, at, size);
                    }

                    break;
                default:
                    config.AddExtendedCapability((ushort)capability.Id, (byte)capability.Version, at, size);
                    break;
            }
        }

        if (PciConfigSpace.GetWord(config.Config, HostPciCapability.ExtendedStart) == 0xffff)
        {
            PciConfigSpace.SetWord(config.Config, HostPciCapability.ExtendedStart, 0);
        }
    }

    // vfio_setup_rebar_ecap: each BAR offers only its current size (1 MiB to 512 GiB, else the
    // capability is left out) and its control register keeps only the size, count and index.
    private static bool ReduceResizableBar(PciConfigSpace config, int at)
    {
        byte[] c = config.Config;
        int count = (int)((PciConfigSpace.GetLong(c, at + 8) & 0xe0) >> 5);
        for (int i = 0; i < count; i++)
        {
            uint control = PciConfigSpace.GetLong(c, at + 8 + (i * 8));
            int size = (int)((control & 0x3f00) >> 8);
            uint sizes = size <= 27 ? 1u << (size + 4) : 0;
            if ((sizes & 0x00fffff0) == 0)
            {
                return false;
            }

            PciConfigSpace.SetLong(c, at + 4 + (i * 8), sizes);
            PciConfigSpace.SetLong(c, at + 8 + (i * 8), control & (0x3f00 | 0xe0 | 0x7));
        }

        return true;
    }

    // A refusal at realize: QEMU unsets the vIOMMU's host device on the way out (out_unset_idev).
    private QomException Refuse(string message)
    {
        if (VfioDevice is { IsMdev: false } && !IsRealized)
        {
            UnsetIommuDevice();
        }

        return new QomException(message);
    }

    private static int Word(HostPciCapability capability, int at) => capability.Bytes[at] | (capability.Bytes[at + 1] << 8);

    private static uint Long(HostPciCapability capability, int at) =>
        (uint)(capability.Bytes[at] | (capability.Bytes[at + 1] << 8) | (capability.Bytes[at + 2] << 16) | (capability.Bytes[at + 3] << 24));

    private static ulong BarSize(HostPciBar?[] bars, int index) => index < bars.Length ? bars[index]?.Size ?? 0 : 0;
}
