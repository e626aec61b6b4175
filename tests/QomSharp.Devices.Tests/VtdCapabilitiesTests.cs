using QomSharp.Devices.I386;

namespace QomSharp.Devices.Tests;

/// <summary>intel-iommu's CAP/ECAP for the worked configurations of devices-spec §6.4 (baseline M rows).</summary>
public class VtdCapabilitiesTests
{
    [Theory]
    //          aw  cm     drain  trans  ir     eim    iotlb  pt     sm     sc     pasid  CAP                  ECAP
    [InlineData(39, false, true,  true,  true,  false, false, true,  false, false, false, 0x00d2008c22260206UL, 0x0000000000f00f4aUL)]
    [InlineData(39, true,  true,  true,  true,  false, false, true,  false, false, false, 0x00d2008c22260286UL, 0x0000000000f00f4aUL)]
    [InlineData(39, true,  true,  true,  true,  true,  true,  true,  false, false, false, 0x00d2008c22260286UL, 0x0000000000f00f5eUL)]
    [InlineData(48, false, true,  true,  true,  false, false, true,  false, false, false, 0x00d2008c222f0606UL, 0x0000000000f00f4aUL)]
    [InlineData(48, true,  true,  true,  true,  true,  true,  true,  false, false, false, 0x00d2008c222f0686UL, 0x0000000000f00f5eUL)]
    [InlineData(39, false, true,  true,  false, false, false, true,  false, false, false, 0x00d2008c22260206UL, 0x0000000000000f42UL)]
    [InlineData(39, false, false, true,  true,  false, false, true,  false, false, false, 0x0012008c22260206UL, 0x0000000000f00f4aUL)]
    [InlineData(48, false, true,  false, true,  false, false, true,  false, false, false, 0x00d2008c222f0006UL, 0x0000000000f00f4aUL)]
    [InlineData(39, false, true,  true,  true,  false, false, false, false, false, false, 0x00d2008c22260206UL, 0x0000000000f00f0aUL)]
    [InlineData(39, false, true,  true,  true,  false, false, true,  false, true,  false, 0x00d2008c22260206UL, 0x0000000000f00fcaUL)]
    [InlineData(48, true,  true,  true,  true,  false, false, true,  true,  false, false, 0x00d2008c222f0686UL, 0x0000480080f00f4aUL)]
    [InlineData(48, false, true,  true,  true,  false, false, true,  true,  false, true,  0x00d2008c222f0606UL, 0x0000490080f00f4aUL)]
    public void MatchesTheSpecsWorkedValues(byte aw, bool cm, bool drain, bool translation, bool ir, bool eim, bool iotlb, bool pt, bool sm, bool sc, bool pasid, ulong cap, ulong ecap)
    {
        var config = new VtdConfiguration(aw, cm, drain, translation, ir, eim, iotlb, pt, sm, sc, pasid);
        Assert.Equal(cap, VtdCapabilities.Capability(config));
        Assert.Equal(ecap, VtdCapabilities.ExtendedCapability(config));
    }
}
