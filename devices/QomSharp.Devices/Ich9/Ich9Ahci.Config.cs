using QomSharp.Devices.Pci.Config;

namespace QomSharp.Devices.Ich9;

/// <summary>
/// ich9-ahci's configuration space as QEMU 10.0 lays it out: BAR4 (I/O, 32 bytes) and BAR5 (ABAR,
/// 4 KiB), interrupt pin A, MSI (64-bit, one vector) at 0x80, the address map register at 0x90 in
/// AHCI mode and the SATA capability at 0xa8 pointing at BAR4.
/// </summary>
public sealed partial class Ich9Ahci
{
    private const int MsiOffset = 0x80;

    /// <inheritdoc/>
    protected override void InitConfig(PciConfigSpace config)
    {
        System.ArgumentNullException.ThrowIfNull(config);
        SetIds(config, 0x8086, 0x2922, 0x02, 0x0106, progIf: 0x01);
        config.Config[PciRegisters.InterruptPin] = 1;
        config.RegisterBar(0x20, 32, PciBarType.Io);
        config.RegisterBar(0x24, 4096, PciBarType.Memory32);
        int sata = config.AddCapability(PciCapabilities.SataId, 0xa8, 8);
        PciConfigSpace.SetWord(config.Config, sata + 2, 0x10);
        PciConfigSpace.SetLong(config.Config, sata + 4, 0x48);
        config.Config[0x90] = 0x40;
        PciCapabilities.AddMsi(config, MsiOffset, 1, true, false);
    }

    /// <inheritdoc/>
    protected override void WriteConfig(PciConfigSpace config, int address, uint value, int length)
    {
        System.ArgumentNullException.ThrowIfNull(config);
        config.Write(address, value, length);
        MsiWriteConfig(address, length);
    }
}
