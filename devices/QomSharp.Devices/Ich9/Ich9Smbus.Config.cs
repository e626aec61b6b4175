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

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>ich9_smbus_write_config</c>: a write covering the host configuration register applies it.</remarks>
    protected override void WriteConfig(PciConfigSpace config, int address, uint value, int length)
    {
        System.ArgumentNullException.ThrowIfNull(config);
        base.WriteConfig(config, address, value, length);
        if (address <= HostConfiguration && HostConfiguration < address + length)
        {
            HostConfigurationWritten(config.Config[HostConfiguration]);
        }
    }

    private const int HostConfiguration = 0x40;
}
