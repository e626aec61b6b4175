namespace QomSharp.Devices.Pci;

/// <summary>QEMU's <c>pcie-root-port-base</c> (abstract): the common part of root ports.</summary>
[QomType("pcie-root-port-base", Abstract = true)]
public abstract partial class PcieRootPortBase : PcieSlot, IPciExpressDevice;
