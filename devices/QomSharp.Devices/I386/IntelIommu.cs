using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.I386;

/// <summary>
/// QEMU 10.0's <c>intel-iommu</c>: its property table, the realize-time checks in QEMU's order and
/// texts, and the DMAR register block mapped at 0xfed90000 with the CAP/ECAP of
/// <see cref="VtdCapabilities"/>. <c>aw-bits</c> defaults to 48 (39, with <c>stale-tm=on</c>, on
/// machine types up to 9.1 through their compat properties).
/// </summary>
[QomType("intel-iommu")]
public sealed partial class IntelIommu : X86Iommu, Machines.IResetDevice
{
    /// <summary>Where q35 maps the register block (<c>Q35_HOST_BRIDGE_IOMMU_ADDR</c>).</summary>
    public const ulong RegisterBase = 0xfed90000;

    /// <summary>QEMU's <c>snoop-control</c>: snoop control offered to the guest (ECAP.SC).</summary>
    [QomProperty("snoop-control", Default = false)] public partial bool SnoopControl { get; set; }

    /// <summary>QEMU's <c>dma-drain</c>: read/write draining (CAP.DRD/DWD); scalable mode needs it.</summary>
    [QomProperty("dma-drain", Default = true)] public partial bool DmaDrain { get; set; }

    /// <summary>QEMU's <c>x-flts</c>: first-stage translation (scalable mode only, aw-bits 48).</summary>
    [QomProperty("x-flts", Default = false)] public partial bool FirstStageTranslation { get; set; }

    /// <summary>QEMU's <c>x-pasid-mode</c>: PASID support (scalable mode only).</summary>
    [QomProperty("x-pasid-mode", Default = false)] public partial bool PasidMode { get; set; }

    /// <summary>QEMU's <c>x-buggy-eim</c>: compat knob that turns <c>eim=auto</c> on without KVM.</summary>
    [QomProperty("x-buggy-eim", Default = false)] public partial bool BuggyExtendedInterruptMode { get; set; }

    /// <summary>QEMU's <c>version</c> (unused by QEMU's model; stored).</summary>
    [QomProperty("version", Default = 0U)] public partial uint Version { get; set; }

    /// <summary>QEMU's <c>eim</c>: extended interrupt mode; <c>auto</c> is resolved (and reads back resolved) at realize.</summary>
    [QomProperty("eim", Default = OnOffAuto.Auto, Description = "on/off/auto")] public partial OnOffAuto ExtendedInterruptMode { get; set; }

    /// <summary>QEMU's <c>aw-bits</c>: the guest address width, 39 or 48.</summary>
    [QomProperty("aw-bits", Default = 48)] public partial byte AwBits { get; set; }

    /// <summary>QEMU's <c>caching-mode</c> (CAP.CM); device assignment needs it.</summary>
    [QomProperty("caching-mode", Default = false)] public partial bool CachingMode { get; set; }

    /// <summary>QEMU's <c>dma-translation</c>: without it SAGAW is 0 (interrupt remapping only).</summary>
    [QomProperty("dma-translation", Default = true)] public partial bool DmaTranslation { get; set; }

    /// <summary>QEMU's <c>x-scalable-mode</c>.</summary>
    [QomProperty("x-scalable-mode", Default = false)] public partial bool ScalableMode { get; set; }

    /// <summary>QEMU's <c>stale-tm</c>: compat knob for the TM bit of second-stage leaf entries (not reserved with it and <c>device-iotlb</c>).</summary>
    [QomProperty("stale-tm", Default = false)] public partial bool StaleTm { get; set; }

    /// <summary>QEMU's <c>fs1gp</c>: first-stage 1 GiB pages (CAP.FS1GP with <c>x-flts</c>).</summary>
    [QomProperty("fs1gp", Default = true)] public partial bool FirstStage1GPages { get; set; }

    /// <summary>The CAP register computed at realize.</summary>
    public ulong Capability { get; private set; }

    /// <summary>The ECAP register computed at realize.</summary>
    public ulong ExtendedCapability { get; private set; }

    /// <summary>The DMAR register block and its engine, once the device is realized.</summary>
    public DmarRegisters? Registers { get; private set; }

    /// <summary>QEMU's <c>vtd_reset_exit</c>: the register block and the engine as <c>vtd_init</c> leaves them.</summary>
    void Machines.IResetDevice.Reset() => Registers?.Reset();

    [QomClassInit]
    private static void InitIntelIommuClass(DeviceClass klass)
    {
        klass.Description = "Intel IOMMU (VT-d) DMA Remapping device";
        klass.Categories = DeviceCategories.Misc;
        klass.OrderOwnProperties("version", "eim", "x-buggy-eim", "aw-bits", "caching-mode", "x-scalable-mode", "x-flts", "snoop-control",
            "x-pasid-mode", "dma-drain", "dma-translation", "stale-tm", "fs1gp");
        klass.SetPropertyIterationOrder("snoop-control", "dma-drain", "x-flts", "x-pasid-mode", "x-buggy-eim", "version", "eim", "aw-bits",
            "caching-mode", "dma-translation", "x-scalable-mode", "stale-tm", "fs1gp");
    }

    /// <inheritdoc/>
    protected override void RealizeIommu()
    {
        if (PasidMode && DeviceIotlb)
        {
            throw new QomException("PASID based device IOTLB is not supported");
        }

        // QEMU's vtd_decide_config.
        if (ExtendedInterruptMode == OnOffAuto.On && !InterruptRemappingEnabled)
        {
            throw new QomException("eim=on cannot be selected without intremap=on");
        }

        // eim=auto: on only with KVM's irqchip (not modelled) or the compat knob, and with IR; QEMU stores the choice.
        if (ExtendedInterruptMode == OnOffAuto.Auto)
        {
            ExtendedInterruptMode = BuggyExtendedInterruptMode && InterruptRemappingEnabled ? OnOffAuto.On : OnOffAuto.Off;
        }

        bool eim = ExtendedInterruptMode == OnOffAuto.On;
        if (!ScalableMode && FirstStageTranslation)
        {
            throw new QomException("x-flts is only available in scalable mode");
        }

        if (!FirstStageTranslation && AwBits is not (39 or 48))
        {
            throw new QomException($"{(ScalableMode ? "Scalable mode(flts=off)" : "Legacy mode")}: supported values for aw-bits are: 39, 48");
        }

        if (FirstStageTranslation && AwBits != 48)
        {
            throw new QomException("Scalable mode(flts=on): supported value for aw-bits is: 48");
        }

        if (ScalableMode && !DmaDrain)
        {
            throw new QomException("Need to set dma_drain for scalable mode");
        }

        if (PasidMode && !ScalableMode)
        {
            throw new QomException("Need to set scalable mode for PASID");
        }

        CheckLinkedIommufd();
        var config = new VtdConfiguration(AwBits, CachingMode, DmaDrain, DmaTranslation, InterruptRemappingEnabled, eim,
            DeviceIotlb, PassThrough, ScalableMode, SnoopControl, PasidMode, FirstStageTranslation, FirstStage1GPages);
        Capability = VtdCapabilities.Capability(config);
        ExtendedCapability = VtdCapabilities.ExtendedCapability(config);
    }

    /// <inheritdoc/>
    protected override void Activate()
    {
        CreateSharedRegions();
        var options = new VtdEngineOptions(AwBits, DmaTranslation, InterruptRemappingEnabled, ScalableMode, StaleTm, SnoopControl, FirstStageTranslation);
        Registers = new DmarRegisters(Capability, ExtendedCapability, options, Context.Qdev.SystemMemory)
        {
            ErrorReport = Context.Qdev.ReportError,
            SendMessage = SendEventMessage,
            DeliverInterrupt = DeliverInterrupt,
        };
        InitMmio(MemoryRegion.Create(this, "intel_iommu", DmarRegisters.Size, Registers));
        MapMmio(0, RegisterBase);

        // QEMU's vtd_realize: pci_setup_iommu on the machine's root bus, once this is the machine's vIOMMU.
        if (Context.ResolvePath("/machine/q35") is Pci.Q35PciHost { RootBus: { } rootBus })
        {
            rootBus.SetupIommu(this);
        }

        // QEMU's vtd_realize: the IOAPIC's messages go through the IOMMU's space for its pseudo-device (no source id).
        if (Context.ResolvePath("/machine/q35/ioapic") is Ioapic ioapic)
        {
            ioapic.MessageSink = IoapicMessage;
        }

        Context.Qdev.MachineInitDone += RequireCachingModeForAssignedDevices;
    }

    // An IOAPIC message: a write through the space of its pseudo-device (00:1f.0 by QEMU's numbering),
    // whose interrupt window remaps it without source validation.
    private void IoapicMessage(ulong address, uint data)
    {
        if ((ioapicSpace ??= IoapicSpace()) is { } root)
        {
            Memory.IommuDispatch.Write(root, Context.Qdev.SystemMemory, address, data, 4);
        }
    }

    private Memory.MemoryRegion? ioapicSpace;

    private Memory.MemoryRegion? IoapicSpace() =>
        Context.ResolvePath("/machine/q35") is Pci.Q35PciHost { RootBus: { } bus } ? (GetAddressSpace(bus, IoapicDevfn) as VtdAddressSpace)?.Root : null;

    // QEMU's Q35_PSEUDO_DEVFN_IOAPIC.
    private const int IoapicDevfn = 0xf8;

    /// <inheritdoc/>
    protected override void Unrealize()
    {
        // Undo what Activate set up, so that nothing outside the tree keeps this device alive.
        Context.Qdev.MachineInitDone -= RequireCachingModeForAssignedDevices;
        if (Context.ResolvePath("/machine/q35/ioapic") is Ioapic { MessageSink: { } sink } ioapic && sink.Target == this)
        {
            ioapic.MessageSink = null;
        }

        if (Context.ResolvePath("/machine/q35") is Pci.Q35PciHost { RootBus: { } rootBus })
        {
            rootBus.RemoveIommu(this);
        }

        Context.Qdev.AddressSpaces.RemoveOwnedBy(this);
        base.Unrealize();
    }

    /// <summary>
    /// QEMU's <c>vtd_machine_done_hook</c> (M): a cold-plugged vfio-pci needs caching mode, or the
    /// guest's mappings never reach the host IOMMU; QEMU reports it and exits.
    /// </summary>
    private void RequireCachingModeForAssignedDevices()
    {
        Context.Qdev.MachineInitDone -= RequireCachingModeForAssignedDevices;
        // QEMU walks the tree for vfio-pci; a typed search with an empty path does the same (several: ambiguous).
        bool anyAssigned = Context.ResolvePath(string.Empty, Vfio.VfioPci.QomTypeName, out bool several) is not null || several;
        if (IsRealized && !CachingMode && anyAssigned)
        {
            throw new QomException("We need to set caching-mode=on for intel-iommu to enable device assignment with IOMMU protection.");
        }
    }
}
