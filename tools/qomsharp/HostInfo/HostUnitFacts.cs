using System.Collections.Generic;
using QomSharp.Devices.Host;

namespace QomSharp.Tool.HostInfo;

/// <summary>
/// What one VT-d unit's CAP and ECAP say, decoded for people: widths, page sizes, translation modes,
/// device-TLB, caching mode, interrupt remapping.
/// </summary>
internal sealed record HostUnitFacts(
    IommuUnit Unit,
    int MaximumGuestAddressWidth,
    IReadOnlyList<int> PageTableWidths,
    int DomainAddressWidth,
    IReadOnlyList<string> PageSizes,
    bool ScalableMode,
    bool Nesting,
    bool FirstStage,
    bool SecondStage,
    bool DeviceTlb,
    bool Pasid,
    int PasidWidth,
    bool CachingMode,
    bool InterruptRemapping,
    bool ExtendedInterruptMode,
    bool PassThrough)
{
    /// <summary>Decodes <paramref name="unit"/>'s registers.</summary>
    public static HostUnitFacts Of(IommuUnit unit)
    {
        VtdCapability cap = unit.Capability;
        VtdExtendedCapability ecap = unit.ExtendedCapability;
        var widths = new List<int>();
        for (int agaw = 0; agaw <= 4; agaw++)
        {
            if (cap.SupportsAgaw(agaw))
            {
                widths.Add(VtdCapability.AgawToWidth(agaw));
            }
        }

        var pages = new List<string> { "4KiB" };
        if (cap.Supports2MiBPages)
        {
            pages.Add("2MiB");
        }

        if (cap.Supports1GiBPages)
        {
            pages.Add("1GiB");
        }

        return new HostUnitFacts(unit, cap.MaximumGuestAddressWidth, widths, SimulatedKernelIovaRanges.DomainAddressWidth(cap), pages,
            ecap.ScalableModeTranslation, ecap.Nested, ecap.FirstStageTranslation, ecap.SecondStageTranslation, ecap.DeviceTlb,
            ecap.Pasid, ecap.Pasid ? ecap.PasidWidth : 0, cap.CachingMode, ecap.InterruptRemapping, ecap.ExtendedInterruptMode, ecap.PassThrough);
    }
}
