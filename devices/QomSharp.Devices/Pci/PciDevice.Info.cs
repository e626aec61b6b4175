using QomSharp.Monitor;

namespace QomSharp.Devices.Pci;

/// <summary>The PCI function as the monitor describes it.</summary>
public abstract partial class PciDevice
{
    /// <summary>
    /// The function as <c>query-pci</c> lists it on bus <paramref name="bus"/>; null for a model
    /// whose configuration space is not known here (an assigned device: the host model has no
    /// class code or BARs).
    /// </summary>
    public PciFunctionInfo? Describe(int bus) => PciIdentity.Describe(this, bus);
}
