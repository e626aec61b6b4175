namespace QomSharp.Devices.Pci;

/// <summary>QEMU's <c>pcie-port</c> (abstract): a bridge whose secondary bus is PCI Express.</summary>
[QomType("pcie-port", Abstract = true)]
public abstract partial class PciePort : PciBridge
{
    /// <summary>The port number of the link capability.</summary>
    [QomProperty("port", Default = 0)]
    public partial byte Port { get; set; }

    /// <inheritdoc/>
    protected override string SecondaryBusType => PcieBus.QomTypeName;
}
