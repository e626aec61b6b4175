namespace QomSharp.Devices.Pci;

/// <summary>QEMU's <c>conventional-pci-device</c> interface: a function without Express capability.</summary>
[QomInterface("conventional-pci-device")]
public interface IConventionalPciDevice;
