using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>QEMU's <c>pci-host-bridge</c> (abstract): a system-bus device that provides a root PCI bus.</summary>
[QomType("pci-host-bridge", Abstract = true)]
public abstract partial class PciHostBridge : SysBusDevice
{
    /// <summary>QEMU's <c>bypass-iommu</c>: devices below this host bridge get no vIOMMU.</summary>
    [QomProperty("bypass-iommu", Default = false)]
    public partial bool BypassIommu { get; set; }

    /// <summary>
    /// QEMU's <c>x-config-reg-migration-enabled</c>: whether the config address register is migrated
    /// (off on machine types before 5.1; migration is not modelled).
    /// </summary>
    [QomProperty("x-config-reg-migration-enabled", Default = true)]
    public partial bool ConfigRegMigrationEnabled { get; set; }

    /// <summary>The root bus, once realized.</summary>
    public PciBus? RootBus { get; protected set; }

    [QomClassInit]
    private static void InitPciHostBridgeClass(DeviceClass klass)
    {
        klass.OrderOwnProperties("x-config-reg-migration-enabled", "bypass-iommu");
        klass.SetPropertyIterationOrder("x-config-reg-migration-enabled", "bypass-iommu");
    }
}
