using System.Collections.Generic;
using QomSharp.Devices.Pci;
using QomSharp.Qdev;

namespace QomSharp.Devices.Virtio;

/// <summary>
/// QEMU 10.0's <c>virtio-iommu-pci-base-type</c> (abstract): the intermediate type QEMU registers for
/// a virtio PCI device without transitional variants, holding the generic <c>disable-legacy</c> and
/// <c>disable-modern</c>.
/// </summary>
[QomType("virtio-iommu-pci-base-type", Abstract = true)]
public abstract partial class VirtioIommuPciBase : VirtioPci
{
    /// <summary>QEMU's <c>disable-legacy</c>: <c>auto</c> resolves at realize (on below an Express port).</summary>
    [QomProperty("disable-legacy", Default = OnOffAuto.Auto, Description = "on/off/auto")]
    public partial OnOffAuto DisableLegacy { get; set; }

    /// <summary>QEMU's <c>disable-modern</c>.</summary>
    [QomProperty("disable-modern", Default = false)]
    public partial bool DisableModern { get; set; }

    /// <inheritdoc/>
    protected override bool ModernEnabled => !DisableModern;

    /// <inheritdoc/>
    protected override bool LegacyEnabled => DisableLegacy == OnOffAuto.Off;

    /// <inheritdoc/>
    protected override void ResolveDisableLegacy(bool onExpressPort)
    {
        if (DisableLegacy == OnOffAuto.Auto)
        {
            DisableLegacy = onExpressPort ? OnOffAuto.On : OnOffAuto.Off;
        }
    }

    /// <summary>QEMU's <c>virtio_pci_force_virtio_1</c>: modern only.</summary>
    protected void ForceVirtio1()
    {
        DisableModern = false;
        DisableLegacy = OnOffAuto.On;
    }

    [QomClassInit]
    private static void InitVirtioIommuPciBaseClass(DeviceClass klass) =>
        klass.SetPropertyIterationOrder("disable-modern", "disable-legacy");
}

/// <summary>
/// QEMU 10.0's <c>virtio-iommu-pci</c> (alias <c>virtio-iommu</c>): the PCI proxy of a
/// <c>virtio-iommu-device</c>, its <c>virtio-backend</c> child, whose properties it shows as its own
/// (QEMU's aliases). It must sit on the root bus; on a PC machine the machine sets
/// <c>reserved-regions</c> to the MSI window and allows one vIOMMU (see
/// <see cref="Machines.PcMachine"/>). Not hot-pluggable.
/// </summary>
[QomType("virtio-iommu-pci")]
public sealed partial class VirtioIommuPci : VirtioIommuPciBase, IPciExpressDevice, IConventionalPciDevice
{
    /// <summary>QEMU's <c>class</c>: the PCI class code (0: the device's own).</summary>
    [QomProperty("class", Default = 0U)]
    public partial uint ClassCode { get; set; }

    /// <summary>The backend: the <c>virtio-iommu-device</c> created with the proxy.</summary>
    [QomChild("virtio-backend")]
    public partial VirtioIommu? Backend { get; set; }

    /// <summary>QEMU's <c>reserved-regions</c> (the backend's <c>prop_resv_regions</c>).</summary>
    public IReadOnlyList<VirtioIommuReservedRegion> ReservedRegions
    {
        get => Backend?.PropertyReservedRegions ?? [];
        internal set => Backend!.PropertyReservedRegions = value;
    }

    [QomClassInit]
    private static void InitVirtioIommuPciClass(DeviceClass klass)
    {
        klass.Categories = DeviceCategories.Misc;
        klass.Hotpluggable = false;
        klass.Alias = "virtio-iommu";
        klass.AddProperty(new ReservedRegionsProperty());
        klass.SetPropertyIterationOrder("class", "reserved-regions");
    }

    // QEMU's virtio_instance_init_common: the backend child, then an alias of each of its properties
    // the proxy lacks (QEMU's qdev_alias_all_properties), here in the order QEMU's hash table lists them.
    [QomInstanceInit]
    private void CreateBackend()
    {
        // The creator's reference passes to this object with the child property.
        var backend = (VirtioIommu)Context.New(VirtioIommu.QomTypeName);
        Backend = backend;
        foreach (string name in new[]
        {
            "aw-bits", "primary-bus", "in_order", "use-started", "packed", "boot-bypass", "queue_reset", "notify_on_empty", "any_layout",
            "x-disable-legacy-check", "legacy-primary-bus", "granule", "event_idx", "use-disabled-flag", "iommu_platform", "indirect_desc",
        })
        {
            AddProperty(new QomAliasProperty(name, backend, name));
        }
    }

    /// <inheritdoc/>
    protected override string? VirtioDeviceName => "virtio-iommu";

    /// <inheritdoc/>
    protected override VirtioDevice? VirtioBackend => Backend;

    /// <inheritdoc/>
    protected override void RealizeProxy()
    {
        VirtioIommu backend = Backend!;
        for (int i = 0; i < ReservedRegions.Count; i++)
        {
            if (ReservedRegions[i].Type is not (VirtioIommuReservedRegion.Reserved or VirtioIommuReservedRegion.Msi))
            {
                throw new QomException($"reserved region {i} has an invalid type", hint: "Valid values are 0 and 1\n");
            }
        }

        PciBus bus = PciBus!;
        if (bus.ParentBridge is not null)
        {
            throw new QomException("virtio-iommu-pci must be plugged on the root bus");
        }

        backend.PrimaryBus = bus;
        ForceVirtio1();
        backend.RealizeOn(VirtioBus);
    }

    /// <inheritdoc/>
    protected override void ExitFunction()
    {
        if (Backend is { IsRealized: true } backend)
        {
            backend.SetRealized(false);
        }

        LeaveMachine();
        base.ExitFunction();
    }

    // The machine took this device as its vIOMMU at pre-plug; a device that is gone (unrealized, or
    // destroyed after a failed realize) must not stay there.
    [QomInstanceFinalize]
    private void LeaveMachine()
    {
        if (Context.ResolvePath("/machine") is Machines.PcMachine machine && ReferenceEquals(machine.DefaultIommu, this))
        {
            machine.DefaultIommu = null;
        }
    }
}
