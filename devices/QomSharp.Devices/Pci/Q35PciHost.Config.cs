using QomSharp.Devices.Pci.Config;
using QomSharp.Memory;

namespace QomSharp.Devices.Pci;

/// <summary>
/// The host bridge's configuration access: the address and data ports (0xcf8, 0xcfc) and the
/// MMCONFIG window, which the MCH's PCIEXBAR maps (base, 64/128/256 MiB) and unmaps.
/// </summary>
public sealed partial class Q35PciHost
{
    private const ulong ConfigDataPort = ConfigAddressPort + 4;

    // PCIEXBAR fields (QEMU's MCH_HOST_BRIDGE_PCIEXBAR_*).
    private const ulong PciExBarEnable = 0x1;
    private const ulong PciExBarLengthMask = 0x6;
    private const ulong PciExBarAddressMask = 0xf_f000_0000;
    private const ulong PciExBar128AddressMask = 0x0800_0000;
    private const ulong PciExBar64AddressMask = 0x0400_0000;

    private PciConfigPorts? ports;
    private PciMmconfigRegion? mmconfig;

    /// <summary>The configuration address register last written through port 0xcf8.</summary>
    public uint ConfigAddress => ports?.Address ?? 0;

    // The port regions are the host's pci-conf-idx[0] and pci-conf-data[0] children, made at init
    // (as QEMU's q35_host_initfn does) with operations that reach the ports once realize made them.
    private void CreateConfigPortRegions()
    {
        MemoryRegion.Create(this, "pci-conf-idx", 4, new ConfigPortOps(this, data: false));
        MemoryRegion.Create(this, "pci-conf-data", 4, new ConfigPortOps(this, data: true));
    }

    private void MapConfigPorts()
    {
        ports = new PciConfigPorts(new PciConfigAccess(RootBus!));
        Context.Qdev.IoSpace.Map(ConfigAddressPort, (MemoryRegion)GetChild("pci-conf-idx[0]")!);
        Context.Qdev.IoSpace.Map(ConfigDataPort, (MemoryRegion)GetChild("pci-conf-data[0]")!);
    }

    private sealed class ConfigPortOps(Q35PciHost host, bool data) : IMemoryRegionOps
    {
        private IMemoryRegionOps? ops;

        // Mapped only once realize made the ports, so they exist whenever the ports are reached.
        private IMemoryRegionOps Ops => ops ??= data ? host.ports!.DataRegister : host.ports!.AddressRegister;

        public ulong Read(ulong offset, int size) => Ops.Read(offset, size);

        public void Write(ulong offset, ulong value, int size) => Ops.Write(offset, value, size);
    }

    /// <summary>
    /// QEMU's <c>mch_update_pciexbar</c> and <c>pcie_host_mmcfg_update</c>: maps MMCONFIG where
    /// <paramref name="pciExBar"/> says when its enable bit is set, else unmaps it (<c>MCFG</c>
    /// then reads unmapped). The reserved length changes nothing.
    /// </summary>
    internal void UpdateMmconfig(ulong pciExBar)
    {
        ulong mask = PciExBarAddressMask;
        ulong length;
        switch ((pciExBar & PciExBarLengthMask) >> 1)
        {
            case 0:
                length = 256UL << 20;
                break;
            case 1:
                length = 128UL << 20;
                mask |= PciExBar128AddressMask | PciExBar64AddressMask;
                break;
            case 2:
                length = 64UL << 20;
                mask |= PciExBar64AddressMask;
                break;
            default:
                // The reserved length: QEMU 10.0 leaves the window as it was.
                return;
        }

        var window = MmcfgRegion;
        if (mmconfig is not null)
        {
            Context.Qdev.SystemMemory.Unmap(window);
            mmconfig = null;
        }

        if ((pciExBar & PciExBarEnable) == 0)
        {
            McfgBase = McfgUnmapped;
            McfgSize = 0;
            return;
        }

        ulong address = pciExBar & mask;
        mmconfig = new PciMmconfigRegion(new PciConfigAccess(RootBus!), length);
        window.SetSize(length);
        Context.Qdev.SystemMemory.Map(address, window);
        McfgBase = address;
        McfgSize = length;
    }

    /// <inheritdoc/>
    protected override IMemoryRegionOps? MmcfgTarget => mmconfig;
}
