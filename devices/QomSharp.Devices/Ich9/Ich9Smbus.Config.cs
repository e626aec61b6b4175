using QomSharp.Devices.Pci.Config;

namespace QomSharp.Devices.Ich9;

/// <summary>
/// ICH9-SMB's configuration space as QEMU 10.0 lays it out: BAR4 (I/O, 64 bytes), interrupt pin
/// A; the host configuration's soft-reset bit (0x40 bit 3) reads 0.
/// </summary>
public sealed partial class Ich9Smbus
{
    /// <inheritdoc/>
    protected override void InitConfig(PciConfigSpace config)
    {
        System.ArgumentNullException.ThrowIfNull(config);
        SetIds(config, 0x8086, 0x2930, 0x02, 0x0c05);
        config.Config[PciRegisters.InterruptPin] = 1;
        config.RegisterBar(0x20, 64, PciBarType.Io);
        config.WMask[0x40] = 0xf7;
    }
}
