using QomSharp.Devices.Pci;

namespace QomSharp.Devices.Virtio;

/// <summary>
/// QEMU's <c>virtio-pci</c> (abstract): the PCI transport (proxy) of one virtio device. Realize
/// provides the proxy's <c>virtio-bus</c>, then lets the concrete proxy realize its virtio device on
/// it (QEMU's <c>virtio_pci_realize</c>, then <c>VirtioPCIClass.realize</c>). The transport itself
/// (capabilities, BARs, notification, legacy/modern layout) is not modelled: its properties are
/// stored and reported as QEMU 10.0 does.
/// </summary>
[QomType("virtio-pci", Abstract = true)]
public abstract partial class VirtioPci : PciDevice
{
    /// <summary>Compat knob: migrate the bus-master state as QEMU before 2.3 did.</summary>
    [QomProperty("virtio-pci-bus-master-bug-migration", Default = false)]
    public partial bool BusMasterBugMigration { get; set; }

    /// <summary>Compat knob: migrate the extra state of modern devices.</summary>
    [QomProperty("migrate-extra", Default = true)]
    public partial bool MigrateExtra { get; set; }

    /// <summary>A port-I/O notification capability for modern devices.</summary>
    [QomProperty("modern-pio-notify", Default = false)]
    public partial bool ModernPioNotify { get; set; }

    /// <summary>Never expose the PCI Express capability.</summary>
    [QomProperty("x-disable-pcie", Default = false)]
    public partial bool DisablePcie { get; set; }

    /// <summary>One page per virtqueue for the notification area.</summary>
    [QomProperty("page-per-vq", Default = false)]
    public partial bool PagePerVq { get; set; }

    /// <summary>Offer features regardless of what the backend supports.</summary>
    [QomProperty("x-ignore-backend-features", Default = false)]
    public partial bool IgnoreBackendFeatures { get; set; }

    /// <summary>Address Translation Services capability.</summary>
    [QomProperty("ats", Default = false)]
    public partial bool Ats { get; set; }

    /// <summary>ATS page-aligned requests.</summary>
    [QomProperty("x-ats-page-aligned", Default = true)]
    public partial bool AtsPageAligned { get; set; }

    /// <summary>Compat knob: device error reporting initialised.</summary>
    [QomProperty("x-pcie-deverr-init", Default = true)]
    public partial bool PcieDeviceErrorInit { get; set; }

    /// <summary>Compat knob: the link control register initialised.</summary>
    [QomProperty("x-pcie-lnkctl-init", Default = true)]
    public partial bool PcieLinkControlInit { get; set; }

    /// <summary>Compat knob: the power-management capability initialised.</summary>
    [QomProperty("x-pcie-pm-init", Default = true)]
    public partial bool PciePowerManagementInit { get; set; }

    /// <summary>Power management's No_Soft_Reset bit.</summary>
    [QomProperty("x-pcie-pm-no-soft-reset", Default = false)]
    public partial bool PciePowerManagementNoSoftReset { get; set; }

    /// <summary>Compat knob: function-level reset capability.</summary>
    [QomProperty("x-pcie-flr-init", Default = true)]
    public partial bool PcieFlrInit { get; set; }

    /// <summary>Advanced error reporting capability.</summary>
    [QomProperty("aer", Default = false)]
    public partial bool Aer { get; set; }

    /// <summary>The proxy's virtio bus, provided at realize.</summary>
    public VirtioPciBus? VirtioBus { get; private set; }

    [QomClassInit]
    private static void InitVirtioPciClass(QomSharp.Qdev.DeviceClass klass) =>
        klass.SetPropertyIterationOrder("x-disable-pcie", "modern-pio-notify", "virtio-pci-bus-master-bug-migration", "x-pcie-deverr-init",
            "page-per-vq", "x-ats-page-aligned", "x-pcie-lnkctl-init", "x-pcie-flr-init", "x-pcie-pm-no-soft-reset", "x-pcie-pm-init",
            "x-ignore-backend-features", "ats", "migrate-extra", "aer");

    /// <inheritdoc/>
    protected sealed override void RealizeFunction()
    {
        VirtioBus ??= (VirtioPciBus)QomSharp.Qdev.Bus.Create(Context, VirtioPciBus.QomTypeName, this, VirtioPciBus.BusName);
        RealizeProxy(VirtioBus);
    }

    /// <summary>The concrete proxy's realize (QEMU's <c>VirtioPCIClass.realize</c>): realizes its virtio device on <paramref name="bus"/>.</summary>
    protected abstract void RealizeProxy(VirtioPciBus bus);
}
