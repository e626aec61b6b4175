namespace QomSharp.Devices.I386;

/// <summary>
/// What intel-iommu's register engine needs of the device's configuration: the guest address
/// width (the root table, interrupt remapping table and queue addresses are cut to it), whether
/// translation may be enabled (<c>dma-translation</c>), whether interrupt remapping is there
/// (<c>intremap</c>), and scalable mode (256-bit descriptors, the PASID-based ones).
/// </summary>
public readonly record struct VtdEngineOptions(byte AwBits, bool DmaTranslation, bool InterruptRemapping, bool ScalableMode = false);
