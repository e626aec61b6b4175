using QomSharp.Devices.Pci.Config;

namespace QomSharp.Devices.Virtio;

/// <summary>
/// virtio-iommu-pci's configuration space as QEMU 10.0 lays it out on the root bus (a modern-only
/// conventional function, no MSI-X as it has no vectors): 1af4:1057 revision 1, the 16 KiB 64-bit
/// prefetchable BAR4 holding the common, ISR, device and notify structures (one 4 KiB page each),
/// interrupt pin A, and the virtio vendor capabilities from 0x40, the PCI configuration access
/// capability last (its BAR, offset, length and data fields writable).
/// </summary>
public sealed partial class VirtioIommuPci
{
    private const int ModernBar = 4;
    private const uint PageSize = 0x1000;
    private const ushort OtherClass = 0x00ff;

    /// <inheritdoc/>
    protected override void InitConfig(PciConfigSpace config)
    {
        System.ArgumentNullException.ThrowIfNull(config);
        SetIds(config, 0x1af4, 0x1057, 1, ClassCode != 0 ? (ushort)(ClassCode >> 8) : OtherClass, (byte)ClassCode);
        config.Config[PciRegisters.InterruptPin] = 1;
        config.RegisterBar(PciRegisters.BaseAddress0 + (4 * ModernBar), 4 * PageSize, PciBarType.Memory64 | PciBarType.Prefetch);
        AddVirtioCapability(config, 1, 0, 0x10);
        AddVirtioCapability(config, 3, PageSize, 0x10);
        AddVirtioCapability(config, 4, 2 * PageSize, 0x10);
        int notify = AddVirtioCapability(config, 2, 3 * PageSize, 0x14);
        PciConfigSpace.SetLong(config.Config, notify + 16, 4);
        int access = AddVirtioCapability(config, 5, 0, 0x14, bar: 0, length: 0);
        config.WMask[access + 4] = 0xff;
        PciConfigSpace.SetLong(config.WMask, access + 8, uint.MaxValue);
        PciConfigSpace.SetLong(config.WMask, access + 12, uint.MaxValue);
        PciConfigSpace.SetLong(config.WMask, access + 16, uint.MaxValue);
    }

    // struct virtio_pci_cap: vendor id, next, length, type, BAR, id, padding, offset, length.
    private static int AddVirtioCapability(PciConfigSpace config, byte type, uint offset, byte size, byte bar = ModernBar, uint length = PageSize)
    {
        int at = config.AddCapability(PciCapabilities.VendorId, 0, size);
        config.Config[at + 2] = size;
        config.Config[at + 3] = type;
        config.Config[at + 4] = bar;
        PciConfigSpace.SetLong(config.Config, at + 8, offset);
        PciConfigSpace.SetLong(config.Config, at + 12, length);
        return at;
    }
}
