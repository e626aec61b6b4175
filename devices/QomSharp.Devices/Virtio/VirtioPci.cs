using QomSharp.Devices.Pci;
using QomSharp.Qdev;

namespace QomSharp.Devices.Virtio;

/// <summary>
/// QEMU 10.0's <c>virtio-pci</c> (abstract): the PCI transport of a virtio device (the proxy). Its
/// realize resolves <c>disable-legacy</c>, refuses a device with neither mode, creates the
/// <c>virtio-bus</c> child bus and hands over to the concrete proxy (<see cref="RealizeProxy"/>),
/// which plugs its backend there. The modern transport (BAR4 and its structures) is in
/// <c>VirtioPci.Modern.cs</c>.
/// </summary>
[QomType("virtio-pci", Abstract = true)]
public abstract partial class VirtioPci : PciDevice
{
    /// <summary>QEMU's <c>virtio-pci-bus-master-bug-migration</c>.</summary>
    [QomProperty("virtio-pci-bus-master-bug-migration", Default = false)] public partial bool BusMasterBugMigration { get; set; }

    /// <summary>QEMU's <c>migrate-extra</c>.</summary>
    [QomProperty("migrate-extra", Default = true)] public partial bool MigrateExtra { get; set; }

    /// <summary>QEMU's <c>modern-pio-notify</c>.</summary>
    [QomProperty("modern-pio-notify", Default = false)] public partial bool ModernPioNotify { get; set; }

    /// <summary>QEMU's <c>x-disable-pcie</c>.</summary>
    [QomProperty("x-disable-pcie", Default = false)] public partial bool DisablePcie { get; set; }

    /// <summary>QEMU's <c>page-per-vq</c>.</summary>
    [QomProperty("page-per-vq", Default = false)] public partial bool PagePerVirtqueue { get; set; }

    /// <summary>QEMU's <c>x-ignore-backend-features</c>.</summary>
    [QomProperty("x-ignore-backend-features", Default = false)] public partial bool IgnoreBackendFeatures { get; set; }

    /// <summary>QEMU's <c>ats</c>.</summary>
    [QomProperty("ats", Default = false)] public partial bool Ats { get; set; }

    /// <summary>QEMU's <c>x-ats-page-aligned</c>.</summary>
    [QomProperty("x-ats-page-aligned", Default = true)] public partial bool AtsPageAligned { get; set; }

    /// <summary>QEMU's <c>x-pcie-deverr-init</c>.</summary>
    [QomProperty("x-pcie-deverr-init", Default = true)] public partial bool PcieDevErrInit { get; set; }

    /// <summary>QEMU's <c>x-pcie-lnkctl-init</c>.</summary>
    [QomProperty("x-pcie-lnkctl-init", Default = true)] public partial bool PcieLinkControlInit { get; set; }

    /// <summary>QEMU's <c>x-pcie-pm-init</c>.</summary>
    [QomProperty("x-pcie-pm-init", Default = true)] public partial bool PciePmInit { get; set; }

    /// <summary>QEMU's <c>x-pcie-pm-no-soft-reset</c>.</summary>
    [QomProperty("x-pcie-pm-no-soft-reset", Default = false)] public partial bool PciePmNoSoftReset { get; set; }

    /// <summary>QEMU's <c>x-pcie-flr-init</c>.</summary>
    [QomProperty("x-pcie-flr-init", Default = true)] public partial bool PcieFlrInit { get; set; }

    /// <summary>QEMU's <c>aer</c>.</summary>
    [QomProperty("aer", Default = false)] public partial bool Aer { get; set; }

    /// <summary>The <c>virtio-bus</c> the backend sits on, once realized.</summary>
    public VirtioPciBus? VirtioBus { get; private set; }

    /// <summary>Whether the modern (virtio 1) interface is offered (QEMU's <c>virtio_pci_modern</c>).</summary>
    protected abstract bool ModernEnabled { get; }

    /// <summary>Whether the legacy interface is offered (QEMU's <c>virtio_pci_legacy</c>).</summary>
    protected abstract bool LegacyEnabled { get; }

    /// <summary>QEMU's <c>disable-legacy=auto</c>: on below an Express port, else off.</summary>
    protected abstract void ResolveDisableLegacy(bool onExpressPort);

    [QomClassInit]
    private static void InitVirtioPciClass(DeviceClass klass)
    {
        klass.SetPropertyIterationOrder("aer", "migrate-extra", "ats", "x-ignore-backend-features", "x-pcie-pm-init", "x-pcie-pm-no-soft-reset",
            "x-pcie-flr-init", "x-pcie-lnkctl-init", "x-ats-page-aligned", "page-per-vq", "x-pcie-deverr-init",
            "virtio-pci-bus-master-bug-migration", "modern-pio-notify", "x-disable-pcie");
        klass.SetPropertyIterationOrder("x-disable-pcie", "modern-pio-notify", "virtio-pci-bus-master-bug-migration", "x-pcie-deverr-init",
            "page-per-vq", "x-ats-page-aligned", "x-pcie-lnkctl-init", "x-pcie-flr-init", "x-pcie-pm-no-soft-reset", "x-pcie-pm-init",
            "x-ignore-backend-features", "ats", "migrate-extra", "aer");
    }

    /// <summary>The concrete proxy's realize: plugs its backend on <see cref="VirtioBus"/>. Throw to refuse.</summary>
    protected abstract void RealizeProxy();

    /// <inheritdoc/>
    protected override void RealizeFunction()
    {
        PciBus bus = PciBus!;
        ResolveDisableLegacy(bus is PcieBus && bus.ParentBridge is not null);
        if (!ModernEnabled && !LegacyEnabled)
        {
            throw new QomException("device cannot work as neither modern nor legacy mode is enabled",
                hint: "Set either disable-modern or disable-legacy to off\n");
        }

        VirtioBus = (VirtioPciBus)Qdev.Bus.Create(Context, VirtioPciBus.QomTypeName, this, "virtio-bus");
        RealizeProxy();
        if (VirtioBackend is { } device)
        {
            device.Plug(ModernEnabled);
            device.InterruptChanged += UpdateInterruptStatus;
        }

        base.RealizeFunction();
    }

    /// <inheritdoc/>
    protected override void ExitFunction()
    {
        if (VirtioBackend is { } device)
        {
            device.InterruptChanged -= UpdateInterruptStatus;
        }

        modernPieces.Clear();
        base.ExitFunction();
    }
}
