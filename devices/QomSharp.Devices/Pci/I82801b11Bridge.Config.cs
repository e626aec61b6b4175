using QomSharp.Devices.Pci.Config;

namespace QomSharp.Devices.Pci;

/// <summary>
/// <c>i82801b11-bridge</c>'s configuration space as QEMU 10.0 lays it out: Intel 244e revision
/// 0x92, subtractive decode, and a bridge subsystem capability (ids 0) at 0x50.
/// </summary>
public sealed partial class I82801b11Bridge
{
    /// <inheritdoc/>
    protected override void InitConfig(PciConfigSpace config)
    {
        base.InitConfig(config);
        SetIds(config, 0x8086, 0x244e, 0x92, 0x0604, progIf: 0x01);
        PciCapabilities.AddBridgeSubsystem(config, 0x50, 0, 0);
    }
}
