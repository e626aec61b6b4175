using QomSharp.Qdev;

namespace QomSharp.Devices.Virtio;

/// <summary>
/// QEMU 10.0's <c>virtio-iommu-device</c>: the paravirtual IOMMU behind <c>virtio-iommu-pci</c>. Its
/// realize checks <c>aw-bits</c>, derives the input range and the page-size mask from
/// <c>aw-bits</c> and <c>granule</c>, and installs itself as the PCI IOMMU of <c>primary-bus</c>;
/// the granule is frozen once the machine is ready. The host IOMMU device table, the endpoints'
/// reserved regions and the page-size negotiation are in <c>VirtioIommu.HostDevices.cs</c>; the
/// configuration and the request queue (ATTACH, MAP, PROBE, ...) in <c>VirtioIommu.Requests.cs</c>.
/// The event queue exists but no fault is reported on it (no DMA is translated here).
/// </summary>
[QomType("virtio-iommu-device")]
public sealed partial class VirtioIommu : VirtioDevice
{
    /// <summary>QEMU's <c>primary-bus</c>: the root bus whose devices this IOMMU translates (set by the proxy).</summary>
    [QomLink("primary-bus")]
    public partial Pci.PciBus? PrimaryBus { get; set; }

    /// <summary>QEMU's <c>boot-bypass</c>: DMA bypasses translation until the guest driver says otherwise.</summary>
    [QomProperty("boot-bypass", Default = true)]
    public partial bool BootBypass { get; set; }

    /// <summary>QEMU's <c>granule</c>: the smallest page size offered (<c>host</c>: the host's, 4 KiB on x86).</summary>
    [QomProperty("granule", Default = GranuleMode.Host, Description = "Granule page size (4k/8k/16k/64k/host)")]
    public partial GranuleMode Granule { get; set; }

    /// <summary>QEMU's <c>aw-bits</c>: the input address width, 32 to 64.</summary>
    [QomProperty("aw-bits", Default = 64)]
    public partial byte AwBits { get; set; }

    /// <summary>The host page size QEMU's <c>granule=host</c> reads (<c>qemu_real_host_page_mask</c>); 4 KiB on x86.</summary>
    public const ulong HostPageSize = 4096;

    /// <summary>The config's <c>bypass</c>, set from <c>boot-bypass</c> at realize.</summary>
    public bool Bypass { get; private set; }

    /// <summary>The config's <c>input_range.end</c>: the last address the guest may map.</summary>
    public ulong InputRangeEnd { get; private set; }

    /// <summary>The config's <c>page_size_mask</c>: every page size offered, narrowed by assigned devices until the granule freezes.</summary>
    public ulong PageSizeMask { get; private set; }

    /// <summary>Whether the granule is frozen (the machine is ready; QEMU's <c>granule_frozen</c>).</summary>
    public bool GranuleFrozen { get; private set; }

    /// <summary>The reserved regions the proxy's <c>reserved-regions</c> gave (QEMU's <c>prop_resv_regions</c>).</summary>
    public System.Collections.Generic.IReadOnlyList<VirtioIommuReservedRegion> PropertyReservedRegions { get; internal set; } = [];

    [QomClassInit]
    private static void InitVirtioIommuClass(DeviceClass klass)
    {
        klass.Categories = DeviceCategories.Misc;

        // QEMU's legacy property of the primary-bus link: neither readable nor writable.
        klass.AddProperty(new QomStringProperty("legacy-primary-bus", null, null));
        klass.SetPropertyIterationOrder("legacy-primary-bus", "primary-bus", "boot-bypass", "granule", "aw-bits");
        klass.OrderOwnProperties("primary-bus", "boot-bypass", "granule", "aw-bits");
    }

    /// <inheritdoc/>
    protected override void Realize()
    {
        Bypass = BootBypass;
        if (AwBits is < 32 or > 64)
        {
            throw new QomException("aw-bits must be within [32,64]");
        }

        InputRangeEnd = AwBits == 64 ? ulong.MaxValue : (1UL << AwBits) - 1;
        PageSizeMask = Granule switch
        {
            GranuleMode.Size4K => unchecked(0UL - 4096),
            GranuleMode.Size8K => unchecked(0UL - 8192),
            GranuleMode.Size16K => unchecked(0UL - 16384),
            GranuleMode.Size64K => unchecked(0UL - 65536),
            _ => unchecked(0UL - HostPageSize),
        };

        if (PrimaryBus is not { } bus)
        {
            throw new QomException("VIRTIO-IOMMU is not attached to any PCI bus!");
        }

        RealizeVirtio();
        bus.SetupIommu(this);
        Context.Qdev.MachineInitDone += FreezeGranule;
        base.Realize();
    }

    /// <inheritdoc/>
    protected override void Unrealize()
    {
        Context.Qdev.MachineInitDone -= FreezeGranule;
        PrimaryBus?.RemoveIommu(this);
        Context.Qdev.AddressSpaces.RemoveOwnedBy(this);
        base.Unrealize();
    }

    // QEMU's virtio_iommu_freeze_granule (machine-init-done notifier).
    private void FreezeGranule()
    {
        Context.Qdev.MachineInitDone -= FreezeGranule;
        GranuleFrozen = true;
    }
}
