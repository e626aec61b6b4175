using QomSharp.Memory;

namespace QomSharp.Devices.Pci;

public abstract partial class PciBridge
{
    // QEMU's VGA window sizes (the legacy 0x3b0 and 0x3c0 port ranges and the 0xa0000 frame buffer).
    private const ulong VgaIoLoSize = 0xc;
    private const ulong VgaIoHiSize = 0x20;
    private const ulong VgaMemSize = 0x20000;

    /// <inheritdoc/>
    /// <remarks>
    /// QEMU's <c>pci_bridge_initfn</c>: the secondary bus's memory and I/O spaces, then the windows
    /// onto them in the primary bus's spaces (empty until the guest programs base and limit), then
    /// the VGA windows (not mapped while VGA forwarding is off).
    /// </remarks>
    protected override void CreateRegions()
    {
        var memory = MemoryRegion.Create(this, "pci_bridge_pci", ulong.MaxValue);
        var io = MemoryRegion.Create(this, "pci_bridge_io", 1UL << 32);
        var primary = PciBus!;
        primary.MemorySpace?.AddSubregion(0, MemoryRegion.CreateAlias(this, "pci_bridge_pref_mem", memory, 0, 0), 1);
        primary.MemorySpace?.AddSubregion(0, MemoryRegion.CreateAlias(this, "pci_bridge_mem", memory, 0, 0), 1);
        primary.IoSpace?.AddSubregion(0, MemoryRegion.CreateAlias(this, "pci_bridge_io", io, 0, 0), 1);
        MemoryRegion.CreateAlias(this, "pci_bridge_vga_io_lo", io, 0x3b0, VgaIoLoSize);
        MemoryRegion.CreateAlias(this, "pci_bridge_vga_io_hi", io, 0x3c0, VgaIoHiSize);
        MemoryRegion.CreateAlias(this, "pci_bridge_vga_mem", memory, 0xa0000, VgaMemSize);
        base.CreateRegions();
    }

    /// <summary>
    /// QEMU's <c>shpc_init</c> with the BAR region <c>pci-bridge</c> and <c>pcie-pci-bridge</c> give
    /// it: the 256-byte <c>shpc-bar</c> and the controller's registers at its start.
    /// </summary>
    protected void CreateShpcRegions()
    {
        var bar = MemoryRegion.Create(this, "shpc-bar", 0x100);
        bar.AddSubregion(0, MemoryRegion.Create(this, "shpc-mmio", 0xa0));
    }
}
