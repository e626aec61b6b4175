using QomSharp.Devices.Pci.Config;

namespace QomSharp.Devices.Ich9;

/// <summary>
/// ICH9-LPC's configuration space as QEMU 10.0 lays it out: PMBASE (0x40, an I/O base in bits
/// 7-15, its low three bits writable), the PIRQ routing registers (0x60-0x63, 0x68-0x6b) disabled, and GEN_PMCON_1's SMI lock
/// (0xa0 bit 4), which once set cannot be cleared and locks SMI_EN's GBL_SMI_EN. A write over PMBASE
/// or ACPI_CNTL (0x44) moves the PM block, one over RCBA (0xf0) the root complex register block.
/// </summary>
public sealed partial class Ich9Lpc
{
    private const int PmBase = 0x40;
    private const int GenPmCon1 = 0xa0;
    private const byte SmiLock = 0x10;

    private static bool Overlaps(int address, int length, int start, int size) => address < start + size && start < address + length;

    /// <inheritdoc/>
    protected override void InitConfig(PciConfigSpace config)
    {
        System.ArgumentNullException.ThrowIfNull(config);
        SetIds(config, 0x8086, 0x2918, 0x02, 0x0601);
        config.Config[PmBase] = 0x01;
        config.WMask[PmBase] = 0x87;
        config.WMask[PmBase + 2] = 0;
        config.WMask[PmBase + 3] = 0;
        System.Array.Fill(config.Config, (byte)0x80, 0x60, 4);
        System.Array.Fill(config.Config, (byte)0x80, 0x68, 4);
    }

    /// <inheritdoc/>
    protected override void WriteConfig(PciConfigSpace config, int address, uint value, int length)
    {
        System.ArgumentNullException.ThrowIfNull(config);
        config.Write(address, value, length);
        if (Overlaps(address, length, PmBase, 4) || Overlaps(address, length, AcpiControl, 1))
        {
            UpdatePmBase(config);
        }

        if (Overlaps(address, length, RootComplexBase, 4))
        {
            UpdateRootComplexBase(config.Read(RootComplexBase, 4));
        }

        if (Overlaps(address, length, GenPmCon1, 8) && (config.Config[GenPmCon1] & SmiLock) != 0)
        {
            // QEMU's ich9_lpc_pmcon_update: the lock stays, and so does SMI_EN's GBL_SMI_EN.
            config.WMask[GenPmCon1] &= unchecked((byte)~SmiLock);
            EnsurePmState();
            smiEnableWriteMask &= ~GlobalSmiEnable;
        }
    }
}
