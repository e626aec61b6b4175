namespace QomSharp.Devices.Pci;

/// <summary>
/// The outputs of QEMU's <c>pci_device_get_iommu_bus_devfn</c> (devices-spec §5.3): the bus whose
/// IOMMU ops serve the device (null: no vIOMMU), the requester the vIOMMU sees (the alias), and
/// whether a conventional segment made that differ from the device's own BDF.
/// </summary>
public readonly record struct PciIommuBusDevfn(PciBus? IommuBus, PciBus AliasedBus, int AliasedDevfn, bool Aliased);
