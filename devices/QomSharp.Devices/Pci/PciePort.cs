namespace QomSharp.Devices.Pci;

/// <summary>QEMU's <c>pcie-port</c> (abstract): a bridge whose secondary bus is PCI Express.</summary>
[QomType("pcie-port", Abstract = true)]
public abstract partial class PciePort : PciBridge
{
    /// <summary>The AER log's length QEMU allows at most (<c>PCIE_AER_LOG_MAX_LIMIT</c>).</summary>
    public const ushort AerLogMaxLimit = 128;

    /// <summary>How many AER errors the port logs (<c>PCIE_AER_LOG_MAX_DEFAULT</c> by default).</summary>
    [QomProperty("aer_log_max", Default = 8)]
    public partial ushort AerLogMax { get; set; }

    /// <summary>The port number of the link capability.</summary>
    [QomProperty("port", Default = 0)]
    public partial byte Port { get; set; }

    /// <inheritdoc/>
    protected override string SecondaryBusType => PcieBus.QomTypeName;

    [QomClassInit]
    private static void InitPciePortClass(QomClass klass)
    {
        klass.OrderOwnProperties("port", "aer_log_max");
        klass.SetPropertyIterationOrder("aer_log_max", "port");
    }

    /// <summary>QEMU's <c>pcie_aer_init</c> check, for ports that have AER.</summary>
    protected void CheckAerLogMax()
    {
        if (AerLogMax > AerLogMaxLimit)
        {
            throw new QomException($"Invalid aer_log_max {AerLogMax}. The max number of aer log is {AerLogMaxLimit}");
        }
    }
}
