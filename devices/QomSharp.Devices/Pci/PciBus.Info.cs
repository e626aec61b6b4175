using System.Collections.Generic;
using QomSharp.Monitor;

namespace QomSharp.Devices.Pci;

/// <summary>The PCI bus as the monitor lists it (<c>query-pci</c>, <c>info pci</c>).</summary>
public partial class PciBus : IPciBusInfo
{
    /// <inheritdoc/>
    public bool IsRootBus => ParentDevice is not PciBridge;

    /// <summary>
    /// The bus number (QEMU's <c>pci_bus_num</c>): 0 for the root bus, an expander's <c>bus_nr</c>
    /// for its bus, and for a bridge's bus the secondary bus number the guest programmed (0 until then).
    /// </summary>
    public int BusNumber => ParentDevice switch
    {
        PciBridge bridge => bridge.IsRealized && bridge.HasConfigSpace ? bridge.ConfigSpace.Config[Config.PciRegisters.SecondaryBus] : 0,
        _ when this is PxbPcieBus { Expander: { } expander } => expander.BusNumber,
        _ => 0,
    };

    /// <inheritdoc/>
    public IEnumerable<PciFunctionInfo> Functions
    {
        get
        {
            for (int devfn = 0; devfn < DevfnCount; devfn++)
            {
                if (functions[devfn] is { IsRealized: true } device && device.Describe(BusNumber) is { } info)
                {
                    yield return info;
                }
            }
        }
    }
}
