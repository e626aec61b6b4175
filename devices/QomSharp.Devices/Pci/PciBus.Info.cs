using System.Collections.Generic;
using QomSharp.Monitor;

namespace QomSharp.Devices.Pci;

/// <summary>The PCI bus as the monitor lists it (<c>query-pci</c>, <c>info pci</c>).</summary>
public partial class PciBus : IPciBusInfo
{
    /// <inheritdoc/>
    public bool IsRootBus => ParentBridge is null;

    /// <summary>
    /// The bus number: 0 for the root bus, and 0 for a bridge's bus too until firmware programs the
    /// bridge's secondary bus number (nothing does here, as in QEMU before the guest runs).
    /// </summary>
    public int BusNumber => 0;

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
