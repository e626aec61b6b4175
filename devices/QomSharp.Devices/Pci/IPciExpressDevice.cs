namespace QomSharp.Devices.Pci;

/// <summary>QEMU's <c>pci-express-device</c> interface: the function has a PCI Express capability.</summary>
[QomInterface("pci-express-device")]
public interface IPciExpressDevice;
