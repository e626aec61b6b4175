namespace QomSharp.Devices.Pci;

/// <summary>QEMU's <c>pcie-host-bridge</c> (abstract): a host bridge whose root bus is PCI Express, with an MMCONFIG window.</summary>
[QomType("pcie-host-bridge", Abstract = true)]
public abstract partial class PcieHostBridge : PciHostBridge
{
    /// <summary>The largest MMCONFIG window (QEMU's <c>PCIE_MMCFG_SIZE_MAX</c>, 256 buses).</summary>
    public const ulong MmcfgSizeMax = 0x1000_0000;

    // QEMU's pcie_host_init: the MMCONFIG region, mapped only once the guest enables PCIEXBAR.
    [QomInstanceInit]
    private void CreateMmcfgRegion() => Memory.MemoryRegion.Create(this, "pcie-mmcfg-mmio", MmcfgSizeMax);
}
