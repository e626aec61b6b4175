using QomSharp.Devices.Host;

namespace QomSharp.Devices.Tests;

/// <summary>CAP/ECAP decoding against register values reported by real Xeon hosts.</summary>
public class VtdCapabilityTests
{
    // Sapphire Rapids-class host (dmesg "ver 6:0 cap 9ed008c40780466 ecap 3ee9e86f050df").
    private const ulong SprCap = 0x9ed008c40780466;
    private const ulong SprEcap = 0x3ee9e86f050df;

    // Skylake-SP host (dmesg "ver 1:0 cap 8d2078c106f0466 ecap f020df").
    private const ulong SkxCap = 0x8d2078c106f0466;
    private const ulong SkxEcap = 0xf020df;

    [Fact]
    public void SapphireRapidsCapDecodes()
    {
        var cap = new VtdCapability(SprCap);
        Assert.Equal(6, cap.NumberOfDomainsField);
        Assert.Equal(65536, cap.NumberOfDomains);
        Assert.Equal(0b00100, cap.SupportedAdjustedGuestAddressWidths);
        Assert.Equal(56, cap.MgawField);
        Assert.Equal(57, cap.MaximumGuestAddressWidth);
        Assert.False(cap.CachingMode);
        Assert.True(cap.ZeroLengthRead);
        Assert.Equal(0x400, cap.FaultRecordingOffset);
        Assert.True(cap.Supports2MiBPages);
        Assert.True(cap.Supports1GiBPages);
        Assert.True(cap.PageSelectiveInvalidation);
        Assert.Equal(1, cap.NumberOfFaultRecordingRegisters);
        Assert.Equal(45, cap.MaximumAddressMaskValue);
        Assert.True(cap.DmaReadDraining);
        Assert.True(cap.DmaWriteDraining);
        Assert.True(cap.FirstStage1GiBPages);
        Assert.True(cap.PostedInterrupts);
        Assert.False(cap.FirstStage5LevelPaging);
        Assert.False(cap.EnhancedSetRootTablePointer);
        Assert.True(cap.SupportsAgaw(2));
        Assert.False(cap.SupportsAgaw(1));
        Assert.False(cap.SupportsAgaw(3));
    }

    [Fact]
    public void SapphireRapidsEcapDecodes()
    {
        var ecap = new VtdExtendedCapability(SprEcap);
        Assert.True(ecap.Coherency);
        Assert.True(ecap.QueuedInvalidation);
        Assert.True(ecap.DeviceTlb);
        Assert.True(ecap.InterruptRemapping);
        Assert.True(ecap.ExtendedInterruptMode);
        Assert.True(ecap.PassThrough);
        Assert.True(ecap.SnoopControl);
        Assert.Equal(0x500, ecap.IotlbRegisterOffset);
        Assert.Equal(15, ecap.MaximumHandleMaskValue);
        Assert.True(ecap.Nested);
        Assert.True(ecap.SupervisorRequests);
        Assert.Equal(19, ecap.PasidSizeField);
        Assert.Equal(20, ecap.PasidWidth);
        Assert.True(ecap.ScalableModeTranslation);
        Assert.True(ecap.SecondStageTranslation);
        Assert.True(ecap.FirstStageTranslation);
        Assert.True(ecap.PasidDirtyStatus);
        Assert.False(ecap.PageRequests);
    }

    [Fact]
    public void SkylakeCapAndEcapDecode()
    {
        var cap = new VtdCapability(SkxCap);
        Assert.Equal(48, cap.MaximumGuestAddressWidth);
        Assert.Equal(0b00100, cap.SupportedAdjustedGuestAddressWidths);
        Assert.Equal(8, cap.NumberOfFaultRecordingRegisters);
        Assert.Equal(0x100, cap.FaultRecordingOffset);
        var ecap = new VtdExtendedCapability(SkxEcap);
        Assert.Equal(0x200, ecap.IotlbRegisterOffset);
        Assert.True(ecap.PassThrough);
        Assert.False(ecap.ScalableModeTranslation);
        Assert.False(ecap.Nested);
    }

    [Fact]
    public void SingleBitsLandWhereTheSpecPutsThem()
    {
        Assert.True(new VtdCapability(1UL << 7).CachingMode);
        Assert.False(new VtdCapability(1UL << 6).CachingMode);
        Assert.Equal(0x3f + 1, new VtdCapability(0x3fUL << 16).MaximumGuestAddressWidth);
        Assert.Equal(1, new VtdCapability(0).MaximumGuestAddressWidth);
        Assert.True(new VtdCapability(1UL << 63).EnhancedSetRootTablePointer);
        Assert.True(new VtdExtendedCapability(1UL << 40).Pasid);
        Assert.True(new VtdExtendedCapability(1UL << 47).FirstStageTranslation);
        Assert.False(new VtdExtendedCapability(1UL << 46).FirstStageTranslation);
    }

    [Theory]
    [InlineData(1, 39)]
    [InlineData(2, 48)]
    [InlineData(3, 57)]
    [InlineData(4, 64)]
    public void AgawWidthsMatchLinux(int agaw, int width)
    {
        Assert.Equal(width, VtdCapability.AgawToWidth(agaw));
        Assert.Equal(agaw, VtdCapability.WidthToAgaw(width));
    }

    [Fact]
    public void WidthToAgawRoundsUp()
    {
        Assert.Equal(2, VtdCapability.WidthToAgaw(40));
        Assert.Equal(3, VtdCapability.WidthToAgaw(49));
    }
}
