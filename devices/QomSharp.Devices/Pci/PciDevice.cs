using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's <c>pci-device</c> (abstract): a function on a PCI bus at devfn <c>addr</c> (-1: the
/// first free slot; once realized, <c>addr</c> reads the devfn taken, as in QEMU), with QEMU 10.0's
/// common PCI properties. Realize runs QEMU's <c>pci_qdev_realize</c> in order: the acpi-index and
/// ROM size checks, the devfn registration with the multifunction rules, the function's own realize
/// (<see cref="RealizeFunction"/>), then the failover and option-ROM checks.
/// </summary>
[QomType("pci-device", Abstract = true)]
public abstract partial class PciDevice : Device
{
    /// <summary>The default of <c>x-max-bounce-buffer-size</c> (QEMU's <c>DEFAULT_MAX_BOUNCE_BUFFER_SIZE</c>).</summary>
    public const uint DefaultMaxBounceBufferSize = 4096;

    // QEMU's PCI_CLASS_NETWORK_ETHERNET.
    private const ushort EthernetClass = 0x0200;

    private PciBus? registeredOn;

    /// <summary>The <c>addr</c> property: the devfn asked for (-1: any free slot), then the devfn taken.</summary>
    public int Devfn { get; internal set; } = -1;

    /// <summary>QEMU's <c>multifunction</c> bit: function 0 announces further functions.</summary>
    [QomProperty("multifunction", Default = false)]
    public partial bool Multifunction { get; set; }

    /// <summary>The ACPI index the guest names the function by (0: none); unique per machine, at most 16383.</summary>
    [QomProperty("acpi-index", Default = 0U)]
    public partial uint AcpiIndex { get; set; }

    /// <summary>Compat knob: initialise the PCIe extended capability space.</summary>
    [QomProperty("x-pcie-extcap-init", Default = true)]
    public partial bool PcieExtCapInit { get; set; }

    /// <summary>Compat knob: the AER uncorrectable-error mask register.</summary>
    [QomProperty("x-pcie-err-unc-mask", Default = true)]
    public partial bool PcieErrUncMask { get; set; }

    /// <summary>Compat knob: ARI's next-function field of function 0 set to 1.</summary>
    [QomProperty("x-pcie-ari-nextfn-1", Default = false)]
    public partial bool PcieAriNextFunction1 { get; set; }

    /// <summary>The ROM BAR: -1 (default) or non-zero maps the option ROM as a BAR, 0 loads it through fw_cfg.</summary>
    [QomProperty("rombar", Default = -1)]
    public partial int RomBar { get; set; }

    /// <summary>Compat knob: the link's data-link-layer-active status bit.</summary>
    [QomProperty("x-pcie-lnksta-dllla", Default = true)]
    public partial bool PcieLinkStatusDllla { get; set; }

    /// <summary>The ROM BAR's size; a power of two, or 4294967295 for "the file's size rounded up".</summary>
    [QomProperty("romsize", Default = uint.MaxValue)]
    public partial uint RomSize { get; set; }

    /// <summary>Compat knob: the extended tag field.</summary>
    [QomProperty("x-pcie-ext-tag", Default = true)]
    public partial bool PcieExtTag { get; set; }

    /// <summary>The option ROM image (a file name), if any.</summary>
    [QomProperty("romfile")]
    public partial string? RomFile { get; set; }

    /// <summary>The id of the virtio-net device this (primary) function fails over with.</summary>
    [QomProperty("failover_pair_id")]
    public partial string? FailoverPairId { get; set; }

    /// <summary>QEMU's <c>x-max-bounce-buffer-size</c>: the bounce-buffer cap of the function's DMA address space.</summary>
    public uint MaxBounceBufferSize { get; set; } = DefaultMaxBounceBufferSize;

    /// <summary>The PCI bus the device sits on.</summary>
    public PciBus? PciBus => ParentBus as PciBus;

    /// <summary>Whether the function holds its acpi-index in the machine's table.</summary>
    private bool holdsAcpiIndex;

    [QomClassInit]
    private static void InitPciDeviceClass(DeviceClass klass)
    {
        klass.BusType = PciBus.QomTypeName;
        klass.AddProperty(new PciDevfnProperty());

        // QEMU's legacy property for a printable qdev property: what info qtree shows for addr.
        klass.AddProperty(new QomStringProperty("legacy-addr", static o => PrintDevfn(((PciDevice)o).Devfn), null));
        klass.AddProperty(new PciBusNumberProperty());
        klass.AddProperty(new QomSize32Property("x-max-bounce-buffer-size", static o => ((PciDevice)o).MaxBounceBufferSize,
            static (o, v) => ((PciDevice)o).MaxBounceBufferSize = v, DefaultMaxBounceBufferSize,
            "Maximum buffer size allocated for bounce buffers used for mapped access to indirect DMA memory"));
        klass.OrderOwnProperties("addr", "romfile", "romsize", "rombar", "multifunction", "x-pcie-lnksta-dllla", "x-pcie-extcap-init",
            "failover_pair_id", "acpi-index", "x-pcie-err-unc-mask", "x-pcie-ari-nextfn-1", "x-max-bounce-buffer-size", "x-pcie-ext-tag", "busnr");
        klass.SetPropertyIterationOrder("legacy-addr", "multifunction", "acpi-index", "busnr", "x-pcie-extcap-init", "x-pcie-err-unc-mask",
            "x-pcie-ari-nextfn-1", "x-max-bounce-buffer-size", "rombar", "x-pcie-lnksta-dllla", "romsize", "addr", "x-pcie-ext-tag",
            "romfile", "failover_pair_id");
    }

    /// <summary>The function's own realize (QEMU's <c>PCIDeviceClass.realize</c>); throw to fail.</summary>
    protected virtual void RealizeFunction()
    {
    }

    /// <summary>The function's own unrealize (QEMU's <c>PCIDeviceClass.exit</c>).</summary>
    protected virtual void ExitFunction()
    {
    }

    /// <inheritdoc/>
    protected sealed override void Realize()
    {
        var bus = PciBus ?? throw new QomException($"device '{TypeName}' needs a '{PciBus.QomTypeName}' bus");
        CheckAcpiIndex();
        if (RomSize != uint.MaxValue && !System.Numerics.BitOperations.IsPow2(RomSize))
        {
            throw new QomException($"ROM size {RomSize} is not a power of two");
        }

        Devfn = bus.Register(this, Devfn);
        registeredOn = bus;
        try
        {
            CreateBusMasterRegions();
            bus.CheckMultifunction(this);
            RealizeFunction();
            CreateRegions();
        }
        catch (QomException)
        {
            // The vIOMMU keeps the address space the function's registration made (QEMU's
            // vtd_find_add_as never takes one back): a later function at the same place gets it.
            ReleaseDevfn();
            throw;
        }

        try
        {
            CheckFailover(bus);
            PciOptionRom.Check(this);
        }
        catch (QomException)
        {
            // QEMU undoes these two with the whole pci_qdev_unrealize.
            UnrealizeFunction();
            throw;
        }

        base.Realize();
    }

    /// <inheritdoc/>
    protected sealed override void Unrealize()
    {
        UnrealizeFunction();
        base.Unrealize();
    }

    // QEMU's print_pci_devfn.
    private static string PrintDevfn(int devfn) => devfn < 0 ? "<unset>" : PciDevfn.Format(devfn);

    // The first checks of pci_qdev_realize. The index is taken here and given back only by a full
    // unrealize: a realize that fails before its function is up keeps it taken, as in QEMU.
    private void CheckAcpiIndex()
    {
        if (AcpiIndex > PciAcpiIndexes.Max)
        {
            throw new QomException($"acpi-index should be less or equal to {PciAcpiIndexes.Max}");
        }

        if (AcpiIndex != 0)
        {
            if (!PciAcpiIndexes.TryTake(Context, AcpiIndex))
            {
                throw new QomException($"a PCI device with acpi-index = {AcpiIndex} already exist");
            }

            holdsAcpiIndex = true;
        }
    }

    // Only an Ethernet function (of the models here, an assigned host NIC) can be a failover primary, alone in its slot.
    private void CheckFailover(PciBus bus)
    {
        if (FailoverPairId is null)
        {
            return;
        }

        if (bus is not PcieBus)
        {
            throw new QomException("failover primary device must be on PCIExpress bus");
        }

        if (Describe(0)?.ClassCode != EthernetClass)
        {
            throw new QomException("failover primary device is not an Ethernet device");
        }

        if (Multifunction || PciDevfn.Function(Devfn) != 0)
        {
            throw new QomException("failover: primary device must be in its own PCI slot");
        }
    }

    // QEMU's pci_qdev_unrealize.
    private void UnrealizeFunction()
    {
        UnmapBars();
        ExitFunction();
        if (IsConfigSpaceBuilt)
        {
            DeassertIntx();
        }

        ReleaseDevfn();
        if (holdsAcpiIndex)
        {
            PciAcpiIndexes.Release(Context, AcpiIndex);
            holdsAcpiIndex = false;
        }
    }

    private void ReleaseDevfn()
    {
        registeredOn?.Unregister(this, Devfn);
        registeredOn = null;
    }
}
