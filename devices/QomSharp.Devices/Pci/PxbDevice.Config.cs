using QomSharp.Devices.Pci.Config;

namespace QomSharp.Devices.Pci;

/// <summary>
/// The expander's own function as QEMU 10.0 lays it out: a Red Hat host bridge (<c>pxb</c> 0009,
/// <c>pxb-pcie</c> 000b) reporting 66 MHz and fast back-to-back, nothing else.
/// </summary>
public partial class PxbDevice
{
    /// <summary>The function's device id.</summary>
    protected virtual ushort ConfigDeviceId => 0x0009;

    /// <inheritdoc/>
    protected override void InitConfig(PciConfigSpace config)
    {
        SetIds(config, 0x1b36, ConfigDeviceId, 0, 0x0600);
        PciConfigSpace.SetWord(config.Config, PciRegisters.Status, PciRegisters.Status66Mhz | PciRegisters.StatusFastBack);
    }
}
