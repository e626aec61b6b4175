namespace QomSharp.Devices.I386;

/// <summary>
/// What intel-iommu's register engine needs of the device's configuration: the guest address
/// width (the root table, interrupt remapping table and queue addresses are cut to it), whether
/// translation may be enabled (<c>dma-translation</c>), whether interrupt remapping is there
/// (<c>intremap</c>), scalable mode (256-bit descriptors, the PASID-based ones), and the knobs the
/// page walk's reserved bits follow (<c>stale-tm</c>, <c>snoop-control</c>), and whether scalable-mode
/// requests take the first-stage walk (<c>x-flts</c>).
/// </summary>
public readonly record struct VtdEngineOptions(byte AwBits, bool DmaTranslation, bool InterruptRemapping, bool ScalableMode = false,
    bool StaleTm = false, bool SnoopControl = false, bool FirstStage = false);
