using QomSharp.Devices.Host;
using QomSharp.Devices.I386;

namespace QomSharp.Devices.Tests;

/// <summary>
/// The vIOMMU composes CAP/ECAP (I386/VtdCapabilities) and the host model decodes them
/// (Host/VtdCapability): both describe one register layout, so what one writes the other must read back.
/// </summary>
public class VtdLayoutAgreementTests
{
    [Theory]
    [InlineData(39, false, true, true, true, false, false, true, false, false, false)]
    [InlineData(48, true, false, true, true, true, true, false, true, true, true)]
    [InlineData(48, false, true, false, false, false, false, true, true, false, false)]
    public void WhatTheVirtualIommuWritesTheHostDecoderReads(byte aw, bool cm, bool drain, bool translation, bool ir, bool eim, bool iotlb, bool pt, bool sm, bool sc, bool pasid)
    {
        var config = new VtdConfiguration(aw, cm, drain, translation, ir, eim, iotlb, pt, sm, sc, pasid);
        var cap = new VtdCapability(VtdCapabilities.Capability(config));
        var ecap = new VtdExtendedCapability(VtdCapabilities.ExtendedCapability(config));

        Assert.Equal(aw, cap.MaximumGuestAddressWidth);
        Assert.Equal(65536, cap.NumberOfDomains);
        Assert.Equal(0x220, cap.FaultRecordingOffset);
        Assert.Equal(1, cap.NumberOfFaultRecordingRegisters);
        Assert.Equal(18, cap.MaximumAddressMaskValue);
        Assert.True(cap.Supports2MiBPages && cap.Supports1GiBPages && cap.PageSelectiveInvalidation);
        Assert.Equal(cm, cap.CachingMode);
        Assert.Equal((drain, drain), (cap.DmaReadDraining, cap.DmaWriteDraining));
        Assert.Equal(translation && aw >= 39, cap.SupportsAgaw(VtdCapability.WidthToAgaw(39)));
        Assert.Equal(translation && aw >= 48, cap.SupportsAgaw(VtdCapability.WidthToAgaw(48)));

        Assert.True(ecap.QueuedInvalidation);
        Assert.Equal(0xf0, ecap.IotlbRegisterOffset);
        Assert.Equal((ir, ir ? 0xf : 0, ir && eim), (ecap.InterruptRemapping, ecap.MaximumHandleMaskValue, ecap.ExtendedInterruptMode));
        Assert.Equal((iotlb, pt, sc, pasid), (ecap.DeviceTlb, ecap.PassThrough, ecap.SnoopControl, ecap.Pasid));
        Assert.Equal((sm, sm, sm), (ecap.ScalableModeTranslation, ecap.SupervisorRequests, ecap.SecondStageTranslation));
    }
}
