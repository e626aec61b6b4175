namespace QomSharp.Devices.Pci;

public abstract partial class PciDevice
{
    /// <summary>QEMU 10.2's <c>pci_device_get_viommu_flags</c>: the <see cref="ViommuFlags"/> of the function's vIOMMU, 0 without one.</summary>
    public ulong GetViommuFlags() => GetIommuBusDevfn().IommuBus?.IommuOps?.GetViommuFlags() ?? 0;
}
