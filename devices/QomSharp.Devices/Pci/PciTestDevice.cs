using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>QEMU's <c>pci-testdev</c>: a plain conventional endpoint, the simplest PCI device to place.</summary>
[QomType("pci-testdev")]
public sealed partial class PciTestDevice : PciDevice, IConventionalPciDevice
{
    /// <summary>The size of the optional memory BAR (0: none).</summary>
    [QomProperty("membar", Size = true, Default = 0UL)]
    public partial ulong MemoryBarSize { get; set; }

    [QomClassInit]
    private static void InitPciTestDeviceClass(DeviceClass klass)
    {
        klass.Description = "PCI Test Device";
        klass.Categories = DeviceCategories.Misc;
    }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>pci_testdev_realize</c>: the MMIO and port I/O BARs and the optional memory BAR (placed in the region tree where firmware programs them).</remarks>
    protected override void CreateRegions()
    {
        RegisterBarRegion(0, Memory.MemoryRegion.Create(this, "pci-testdev-mmio", 0x1000, this));
        RegisterBarRegion(1, Memory.MemoryRegion.Create(this, "pci-testdev-portio", 0x100, new PortOps(this)));
        if (MemoryBarSize > 0)
        {
            // A bare container in QEMU: nothing answers in it.
            RegisterBarRegion(2, Memory.MemoryRegion.CreateContainer(this, "pci-testdev-membar", MemoryBarSize));
        }

        base.CreateRegions();
    }
}
