using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>QEMU's <c>pci-host-bridge</c> (abstract): a system-bus device that provides a root PCI bus.</summary>
[QomType("pci-host-bridge", Abstract = true)]
public abstract partial class PciHostBridge : SysBusDevice
{
    /// <summary>QEMU's <c>bypass-iommu</c>: devices below this host bridge get no vIOMMU.</summary>
    [QomProperty("bypass-iommu", Default = false)]
    public partial bool BypassIommu { get; set; }

    /// <summary>The root bus, once realized.</summary>
    public PciBus? RootBus { get; protected set; }
}
