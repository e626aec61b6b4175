using System;

namespace QomSharp.Memory;

/// <summary>An MMIO region: a name, a size and the device callbacks behind it (QEMU's I/O <c>MemoryRegion</c>).</summary>
public sealed class MemoryRegion(string name, ulong size, IMemoryRegionOps ops)
{
    /// <summary>The region's name (<c>intel_iommu</c>).</summary>
    public string Name { get; } = name ?? throw new ArgumentNullException(nameof(name));

    /// <summary>The size in bytes.</summary>
    public ulong Size { get; } = size;

    /// <summary>The device callbacks.</summary>
    public IMemoryRegionOps Ops { get; } = ops ?? throw new ArgumentNullException(nameof(ops));
}
