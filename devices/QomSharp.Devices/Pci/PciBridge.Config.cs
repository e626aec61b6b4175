using QomSharp.Devices.Pci.Config;

namespace QomSharp.Devices.Pci;

/// <summary>A bridge's configuration space has a type 1 header.</summary>
public abstract partial class PciBridge
{
    /// <inheritdoc/>
    protected override bool HasBridgeHeader => true;

    /// <summary>QEMU's <c>pci_bridge_initfn</c>: a conventional bridge reports 66 MHz and fast back-to-back.</summary>
    protected override void InitConfig(PciConfigSpace config)
    {
        System.ArgumentNullException.ThrowIfNull(config);
        PciConfigSpace.SetWord(config.Config, PciRegisters.Status, PciRegisters.Status66Mhz | PciRegisters.StatusFastBack);
    }
}
