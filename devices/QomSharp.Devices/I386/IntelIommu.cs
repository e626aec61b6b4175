using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.I386;

/// <summary>
/// QEMU's <c>intel-iommu</c> at baseline M (QEMU 9.1; the property set of QEMU 7.2): its property
/// table, the realize-time checks in QEMU's order and texts, and the DMAR register block mapped at
/// 0xfed90000 with the CAP/ECAP of <see cref="VtdCapabilities"/>.
/// </summary>
[QomType("intel-iommu")]
public sealed partial class IntelIommu : X86Iommu
{
    /// <summary>Where q35 maps the register block (<c>Q35_HOST_BRIDGE_IOMMU_ADDR</c>).</summary>
    public const ulong RegisterBase = 0xfed90000;

    /// <summary><c>version</c>: QEMU's property of that name (default 0); it does not change the VER register here.</summary>
    [QomProperty("version", Default = 0U)] public partial uint Version { get; set; }
    /// <summary><c>eim</c>: extended (x2APIC) interrupt mode, on/off/auto.</summary>
    [QomProperty("eim", Default = OnOffAuto.Auto, Description = "on/off/auto")] public partial OnOffAuto ExtendedInterruptMode { get; set; }
    /// <summary><c>x-buggy-eim</c>: allow EIM without the checks that require it.</summary>
    [QomProperty("x-buggy-eim", Default = false)] public partial bool BuggyExtendedInterruptMode { get; set; }
    /// <summary><c>aw-bits</c>: guest address width, 39 or 48 bits.</summary>
    [QomProperty("aw-bits", Default = 39)] public partial byte AwBits { get; set; }
    /// <summary><c>caching-mode</c>: report CM, so the guest flushes not-present entries too (needed with vfio-pci).</summary>
    [QomProperty("caching-mode", Default = false)] public partial bool CachingMode { get; set; }
    /// <summary><c>x-scalable-mode</c>: scalable-mode translation.</summary>
    [QomProperty("x-scalable-mode", Default = false)] public partial bool ScalableMode { get; set; }
    /// <summary><c>snoop-control</c>: report snoop control (SC).</summary>
    [QomProperty("snoop-control", Default = false)] public partial bool SnoopControl { get; set; }
    /// <summary><c>x-pasid-mode</c>: PASID support (needs <c>x-scalable-mode</c>).</summary>
    [QomProperty("x-pasid-mode", Default = false)] public partial bool PasidMode { get; set; }
    /// <summary><c>dma-drain</c>: report DMA read and write draining.</summary>
    [QomProperty("dma-drain", Default = true)] public partial bool DmaDrain { get; set; }
    /// <summary><c>dma-translation</c>: DMA translation; off leaves only interrupt remapping.</summary>
    [QomProperty("dma-translation", Default = true)] public partial bool DmaTranslation { get; set; }

    /// <summary>The CAP register computed at realize.</summary>
    public ulong Capability { get; private set; }

    /// <summary>The ECAP register computed at realize.</summary>
    public ulong ExtendedCapability { get; private set; }

    [QomClassInit]
    private static void InitIntelIommuClass(DeviceClass klass)
    {
        klass.Description = "Intel IOMMU (VT-d) DMA Remapping device";
        klass.Categories = DeviceCategories.Misc;
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

        // eim=auto: on only with KVM's irqchip (not modelled) or the compat knob, and with IR.
        bool eim = ExtendedInterruptMode == OnOffAuto.On
            || (ExtendedInterruptMode == OnOffAuto.Auto && BuggyExtendedInterruptMode && InterruptRemappingEnabled);
        if (AwBits is not (39 or 48))
        {
            throw new QomException("Supported values for aw-bits are: 39, 48");
        }

        if (ScalableMode && !DmaDrain)
        {
            throw new QomException("Need to set dma_drain for scalable mode");
        }

        if (PasidMode && !ScalableMode)
        {
            throw new QomException("Need to set scalable mode for PASID");
        }

        var config = new VtdConfiguration(AwBits, CachingMode, DmaDrain, DmaTranslation, InterruptRemappingEnabled, eim,
            DeviceIotlb, PassThrough, ScalableMode, SnoopControl, PasidMode);
        Capability = VtdCapabilities.Capability(config);
        ExtendedCapability = VtdCapabilities.ExtendedCapability(config);
    }

    /// <inheritdoc/>
    protected override void Activate()
    {
        InitMmio(new MemoryRegion("intel_iommu", DmarRegisters.Size, new DmarRegisters(Capability, ExtendedCapability)));
        MapMmio(0, RegisterBase);

        // QEMU's vtd_realize: pci_setup_iommu on the machine's root bus, once this is the machine's vIOMMU.
        if (Context.ResolvePath("/machine/q35") is Pci.Q35PciHost { RootBus: { } rootBus })
        {
            rootBus.SetupIommu(this);
        }

        Context.Qdev.MachineInitDone += RequireCachingModeForAssignedDevices;
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
