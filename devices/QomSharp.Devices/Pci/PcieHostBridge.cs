namespace QomSharp.Devices.Pci;

/// <summary>QEMU's <c>pcie-host-bridge</c> (abstract): a host bridge whose root bus is PCI Express, with an MMCONFIG window.</summary>
[QomType("pcie-host-bridge", Abstract = true)]
public abstract partial class PcieHostBridge : PciHostBridge
{
    /// <summary>The largest MMCONFIG window (QEMU's <c>PCIE_MMCFG_SIZE_MAX</c>, 256 buses).</summary>
    public const ulong MmcfgSizeMax = 0x1000_0000;

    // QEMU's pcie_host_init: the MMCONFIG region, mapped only once the guest enables PCIEXBAR.
    [QomInstanceInit]
    private void CreateMmcfgRegion() => Memory.MemoryRegion.Create(this, "pcie-mmcfg-mmio", MmcfgSizeMax, new MmcfgOps(this));

    /// <summary>The MMCONFIG region (<c>pcie-mmcfg-mmio[0]</c>).</summary>
    protected Memory.MemoryRegion MmcfgRegion => (Memory.MemoryRegion)GetChild("pcie-mmcfg-mmio[0]")!;

    /// <summary>What accesses to the MMCONFIG window reach while it is mapped; null while it is not.</summary>
    protected virtual Memory.IMemoryRegionOps? MmcfgTarget => null;

    // The region is made at init, as QEMU's pcie_host_init does; the window's configuration decoder
    // exists only once the guest maps it, so the region's operations look it up on each access.
    private sealed class MmcfgOps(PcieHostBridge host) : Memory.IMemoryRegionOps
    {
        public ulong Read(ulong offset, int size) => host.MmcfgTarget?.Read(offset, size) ?? ulong.MaxValue;

        public void Write(ulong offset, ulong value, int size) => host.MmcfgTarget?.Write(offset, value, size);
    }
}
