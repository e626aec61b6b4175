namespace QomSharp.Devices.I386;

/// <summary>The configuration that decides intel-iommu's CAP and ECAP registers.</summary>
public readonly record struct VtdConfiguration(
    byte AwBits,
    bool CachingMode,
    bool DmaDrain,
    bool DmaTranslation,
    bool InterruptRemapping,
    bool ExtendedInterruptMode,
    bool DeviceIotlb,
    bool PassThrough,
    bool ScalableMode,
    bool SnoopControl,
    bool PasidMode,
    bool FirstStageTranslation = false,
    bool FirstStage1GPages = true);

/// <summary>
/// QEMU 10.0's <c>vtd_cap_init</c> (identical to QEMU 7.2's for the properties 7.2 has):
/// the VT-d capability (CAP, offset 0x08) and extended capability (ECAP, offset 0x10) registers.
/// Bit positions are the VT-d specification's.
/// </summary>
public static class VtdCapabilities
{
    private const ulong NumberOfDomains64K = 6;            // ND, bits 2:0
    private const ulong FaultRecordingOffset = 0x22UL << 24; // FRO: 0x220 / 16, bits 33:24
    private const ulong SecondLevelLargePages = 3UL << 34; // SLLPS: 2 MiB and 1 GiB
    private const ulong PageSelectiveInvalidation = 1UL << 39;
    private const ulong MaxAddressMaskValue = 18UL << 48;  // MAMV, bits 53:48
    private const ulong DrainReadsAndWrites = 3UL << 54;   // DRD, DWD
    private const ulong Sagaw39 = 1UL << 9;
    private const ulong Sagaw48 = 1UL << 10;
    private const ulong CachingModeBit = 1UL << 7;
    private const ulong FirstStage1GPagesBit = 1UL << 56; // FS1GP

    private const ulong QueuedInvalidation = 1UL << 1;
    private const ulong DeviceTlb = 1UL << 2;
    private const ulong InterruptRemappingBit = 1UL << 3;
    private const ulong ExtendedInterruptModeBit = 1UL << 4;
    private const ulong PassThroughBit = 1UL << 6;
    private const ulong SnoopControlBit = 1UL << 7;
    private const ulong IotlbRegisterOffset = 0xfUL << 8;  // IRO: 0xf0 / 16, bits 17:8
    private const ulong MaxHandleMaskValue = 0xfUL << 20;  // MHMV, bits 23:20
    private const ulong ScalableRequests = 1UL << 31;      // SRS
    private const ulong Pasid = 1UL << 40;
    private const ulong ScalableModeTranslation = 1UL << 43; // SMTS
    private const ulong SecondLevelTranslation = 1UL << 46;  // SLTS
    private const ulong FirstLevelTranslation = 1UL << 47;   // FLTS

    /// <summary>The CAP register.</summary>
    public static ulong Capability(in VtdConfiguration config)
    {
        ulong cap = NumberOfDomains64K | ((ulong)(config.AwBits - 1) << 16) | FaultRecordingOffset
            | SecondLevelLargePages | PageSelectiveInvalidation | MaxAddressMaskValue;
        if (config.DmaDrain)
        {
            cap |= DrainReadsAndWrites;
        }

        if (config.DmaTranslation)
        {
            cap |= config.AwBits >= 39 ? Sagaw39 : 0;
            cap |= config.AwBits >= 48 ? Sagaw48 : 0;
        }

        cap |= config.FirstStageTranslation && config.FirstStage1GPages ? FirstStage1GPagesBit : 0;
        return config.CachingMode ? cap | CachingModeBit : cap;
    }

    /// <summary>The ECAP register.</summary>
    public static ulong ExtendedCapability(in VtdConfiguration config)
    {
        ulong ecap = QueuedInvalidation | IotlbRegisterOffset;
        if (config.InterruptRemapping)
        {
            ecap |= InterruptRemappingBit | MaxHandleMaskValue;
            ecap |= config.ExtendedInterruptMode ? ExtendedInterruptModeBit : 0;
        }

        ecap |= config.DeviceIotlb ? DeviceTlb : 0;
        ecap |= config.PassThrough ? PassThroughBit : 0;
        if (config.FirstStageTranslation)
        {
            ecap |= ScalableModeTranslation | FirstLevelTranslation;
        }
        else if (config.ScalableMode)
        {
            ecap |= ScalableModeTranslation | ScalableRequests | SecondLevelTranslation;
        }

        ecap |= config.SnoopControl ? SnoopControlBit : 0;
        ecap |= config.PasidMode ? Pasid : 0;
        return ecap;
    }
}
