namespace QomSharp.Devices.Pci;

/// <summary>QEMU 10.2's <c>enum viommu_flags</c>: what a vIOMMU asks of the host side of its devices.</summary>
public static class ViommuFlags
{
    /// <summary><c>VIOMMU_FLAG_WANT_NESTING_PARENT</c>: VFIO should allocate its HWPT as a nesting parent.</summary>
    public const ulong WantNestingParent = 1UL << 0;
}
