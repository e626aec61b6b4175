using System.Runtime.CompilerServices;
using QomSharp.Memory;

namespace QomSharp.Devices.Virtio;

public sealed partial class VirtioIommu
{
    // QEMU numbers the endpoint regions with one counter for the whole process (a function-static
    // in virtio_iommu_find_add_as): here, one per universe, never reset, whichever virtio-iommu asks.
    private static readonly ConditionalWeakTable<QomContext, StrongBox<uint>> s_regionIndex = new();

    /// <summary>
    /// QEMU's <c>virtio_iommu_find_add_as</c> for a new endpoint: its root container
    /// <c>virtio-iommu-memory-region-N-DEVFN</c> (N counting every endpoint made so far), the
    /// <c>system</c> alias of the whole system memory for bypass, and the translated region of the
    /// same name as the root; both in the root at 0, the translated one added first. The regions are
    /// the device's children and last as long as it does, as QEMU's do.
    /// </summary>
    private MemoryRegion CreateEndpointRegions(int devfn)
    {
        StrongBox<uint> counter = s_regionIndex.GetValue(Context, static _ => new StrongBox<uint>());
        string name = $"virtio-iommu-memory-region-{counter.Value++}-{devfn}";
        var root = MemoryRegion.CreateContainer(this, name, ulong.MaxValue);
        MemoryRegion? bypass = Context.Qdev.SystemMemory.Root is { } system
            ? MemoryRegion.CreateAlias(this, "system", system, 0, system.Size)
            : null;
        var translated = MemoryRegion.Create<VirtioIommuMemoryRegion>(this, name, ulong.MaxValue);
        translated.SetEnabled(false);
        root.AddSubregion(0, translated);
        if (bypass is not null)
        {
            root.AddSubregion(0, bypass);
        }

        Context.Qdev.AddressSpaces.Add("virtio-iommu-device", root);
        return root;
    }
}
