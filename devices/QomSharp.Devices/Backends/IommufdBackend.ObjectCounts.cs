namespace QomSharp.Devices.Backends;

/// <summary>
/// The kernel objects behind one <c>iommufd</c> descriptor, made observable over QMP: QomSharp's
/// read-only <c>ioas-count</c> and <c>hwpt-count</c> (QEMU has no such properties). They show how
/// many guest-memory address spaces and hardware page tables a configuration costs.
/// </summary>
public sealed partial class IommufdBackend
{
    /// <summary>How many IOAS objects the descriptor holds (IOMMU_IOAS_ALLOC not yet destroyed).</summary>
    public uint IoasCount => (uint)ioases.Count;

    // QomSharp's own read-only class properties (type uint32, no setter).
    private static void AddObjectCountProperties(QomClass klass)
    {
        klass.AddProperty(new QomIntegerProperty<uint>("ioas-count", static o => ((IommufdBackend)o).IoasCount, null,
            description: "QomSharp: IOAS objects allocated in this iommufd (read-only)"));
        klass.AddProperty(new QomIntegerProperty<uint>("hwpt-count", static o => (uint)((IommufdBackend)o).HwptCount, null,
            description: "QomSharp: hardware page tables allocated in this iommufd (read-only)"));
    }
}
