using System;
using QomSharp.Devices.Pci.Config;

namespace QomSharp.Devices.Pci;

/// <summary>
/// The MCH's configuration space as QEMU 10.0 lays it out: Intel 29c0; the extended TSEG query
/// register (0x50), PCIEXBAR (0x60, off after reset; writing it maps or unmaps MMCONFIG through the
/// host bridge), the PAM registers, SMBASE (0x9c), SMRAM (0x9d) and ESMRAMC (0x9e) with their
/// lock semantics.
/// </summary>
public sealed partial class Mch
{
    /// <summary>PCIEXBAR: the MMCONFIG base register.</summary>
    public const int PciExBar = 0x60;

    private const int ExtTsegMbytes = 0x50;
    private const ushort ExtTsegQuery = 0xffff;
    private const int SmBase = 0x9c;
    private const int Smram = 0x9d;
    private const int Esmramc = 0x9e;
    private const byte SmramDefault = 0x02;
    private const byte SmramWMask = 0x78;
    private const byte SmramOpen = 0x40;
    private const byte SmramClosed = 0x20;
    private const byte SmramLock = 0x10;
    private const byte SmramGlobalEnable = 0x08;
    private const int PamRegister = 0x90;
    private const byte EsmramcHighSmram = 0x80;
    private const byte EsmramcTsegEnable = 0x01;
    private const byte EsmramcDefault = 0x38;
    private const byte EsmramcWMask = 0x87;
    private const byte SmBaseQuery = 0xff;
    private const byte SmBaseInRam = 0x01;
    private const byte SmBaseLock = 0x02;

    /// <inheritdoc/>
    protected override void InitConfig(PciConfigSpace config)
    {
        ArgumentNullException.ThrowIfNull(config);
        SetIds(config, 0x8086, 0x29c0, 0, 0x0600);
        byte[] w = config.WMask;
        if (ExtendedTsegMbytes > 0)
        {
            PciConfigSpace.SetWord(config.Config, ExtTsegMbytes, ExtendedTsegMbytes);
        }

        w[SmBase] = SmbaseSmram ? (byte)0xff : (byte)0;
        w[Smram] = SmramWMask;
        w[Esmramc] = EsmramcWMask;

        // mch_reset: PCIEXBAR at its default, disabled; SMRAM and ESMRAMC at theirs.
        PciConfigSpace.SetLong(config.Config, PciExBar, (uint)Q35PciHost.DefaultMcfgBase);
        config.Config[Smram] = SmramDefault;
        config.Config[Esmramc] = EsmramcDefault;
    }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>mch_reset</c>: PCIEXBAR at its default (MMCONFIG off), SMRAM and ESMRAMC at theirs and unlocked.</remarks>
    protected override void ResetFunction()
    {
        var config = ConfigSpace;
        PciConfigSpace.SetLong(config.Config, PciExBar + 4, 0);
        config.Config[Smram] = SmramDefault;
        config.Config[Esmramc] = EsmramcDefault;
        config.WMask[Smram] = SmramWMask;
        config.WMask[Esmramc] = EsmramcWMask;
        WriteConfig(config, PciExBar, (uint)Q35PciHost.DefaultMcfgBase, 4);
        UpdateSmram(config);
        UpdatePamRegions(config.Config);
        UpdateSmramRegions(config.Config);
    }

    /// <inheritdoc/>
    protected override void WriteConfig(PciConfigSpace config, int address, uint value, int length)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Write(address, value, length);
        byte[] c = config.Config;
        if (Overlaps(address, length, ExtTsegMbytes, 2) && PciConfigSpace.GetWord(c, ExtTsegMbytes) == ExtTsegQuery)
        {
            PciConfigSpace.SetWord(c, ExtTsegMbytes, ExtendedTsegMbytes);
        }

        if (Overlaps(address, length, PciExBar, 8))
        {
            (ParentBus?.Parent as Q35PciHost)?.UpdateMmconfig(PciConfigSpace.GetLong(c, PciExBar) | ((ulong)PciConfigSpace.GetLong(c, PciExBar + 4) << 32));
        }

        if (Overlaps(address, length, Smram, 2))
        {
            UpdateSmram(config);
        }

        if (Overlaps(address, length, SmBase, 1))
        {
            UpdateSmBase(config);
        }

        if (Overlaps(address, length, PamRegister, 7))
        {
            UpdatePamRegions(c);
        }

        if (Overlaps(address, length, SmBase, 3))
        {
            UpdateSmramRegions(c);
        }
    }

    private static bool Overlaps(int address, int length, int start, int size) => address < start + size && start < address + length;

    // Once locked, SMRAM cannot be opened, only closed, and ESMRAMC is fixed.
    private static void UpdateSmram(PciConfigSpace config)
    {
        if ((config.Config[Smram] & SmramLock) != 0)
        {
            config.Config[Smram] &= unchecked((byte)~SmramOpen);
            config.WMask[Smram] = SmramClosed;
            config.WMask[Esmramc] = 0;
        }
    }

    // SMRAM at SMBASE: the firmware writes the query value and reads back "in RAM"; then only the
    // lock bit is writable, and once set nothing is.
    private static void UpdateSmBase(PciConfigSpace config)
    {
        byte[] c = config.Config;
        if (config.WMask[SmBase] == 0xff)
        {
            if (c[SmBase] == SmBaseQuery)
            {
                config.WMask[SmBase] = SmBaseLock;
                c[SmBase] = SmBaseInRam;
            }
            else
            {
                c[SmBase] = 0;
            }

            return;
        }

        if ((c[SmBase] & SmBaseLock) != 0)
        {
            config.WMask[SmBase] = 0;
        }

        c[SmBase] = (byte)(SmBaseInRam | (c[SmBase] & SmBaseLock));
    }
}
