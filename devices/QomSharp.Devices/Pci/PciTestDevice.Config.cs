using QomSharp.Devices.Pci.Config;

namespace QomSharp.Devices.Pci;

/// <summary>
/// <c>pci-testdev</c>'s configuration space as QEMU 10.0 lays it out: BAR0 memory (4 KiB), BAR1
/// I/O (256 bytes) and, with <c>membar</c>, BAR2 as 64-bit prefetchable memory of that size.
/// </summary>
public sealed partial class PciTestDevice
{
    /// <inheritdoc/>
    protected override void InitConfig(PciConfigSpace config)
    {
        SetIds(config, 0x1b36, 0x0005, 0, 0x00ff);
        config.RegisterBar(PciRegisters.BaseAddress0, 4096, PciBarType.Memory32);
        config.RegisterBar(PciRegisters.BaseAddress0 + 4, 256, PciBarType.Io);
        if (MemoryBarSize > 0)
        {
            config.RegisterBar(PciRegisters.BaseAddress0 + 8, MemoryBarSize, PciBarType.Memory64 | PciBarType.Prefetch);
        }
    }
}
