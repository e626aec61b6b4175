namespace QomSharp.Devices.Pci;

/// <summary>QEMU's <c>pcie-host-bridge</c> (abstract): a host bridge whose root bus is PCI Express.</summary>
[QomType("pcie-host-bridge", Abstract = true)]
public abstract partial class PcieHostBridge : PciHostBridge;
