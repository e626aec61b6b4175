namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's <c>base-pci-bridge</c> (abstract): a function that provides a secondary bus. The bus is
/// named after the bridge's id (QEMU's <c>pci_bridge_initfn</c>: one bus per bridge, so no
/// <c>.0</c> suffix), else automatically (<c>pci.N</c>, <c>pcie.N</c>).
/// </summary>
[QomType("base-pci-bridge", Abstract = true)]
public abstract partial class PciBridge : PciDevice
{
    /// <summary>Compat knob: the secondary latency timer is writable on an Express bridge.</summary>
    [QomProperty("x-pci-express-writeable-slt-bug", Default = false)]
    public partial bool PciExpressWriteableSltBug { get; set; }

    /// <summary>The bus behind the bridge, once realized.</summary>
    public PciBus? SecondaryBus { get; private set; }

    /// <summary>The QOM type of the secondary bus.</summary>
    protected virtual string SecondaryBusType => PciBus.QomTypeName;

    /// <summary>Whether the bridge is its secondary bus's native hot-plug handler (SHPC, PCIe slot).</summary>
    protected virtual bool AcceptsHotplug => false;

    /// <summary>Checks the bridge's own settings, in QEMU's order, before its bus exists; throw to refuse.</summary>
    protected virtual void CheckBridge()
    {
    }

    /// <inheritdoc/>
    protected override void RealizeFunction()
    {
        CheckBridge();
        string? name = string.IsNullOrEmpty(Id) ? null : Id;
        SecondaryBus = (PciBus)Qdev.Bus.Create(Context, SecondaryBusType, this, name);
        if (AcceptsHotplug)
        {
            SecondaryBus.SetHotplugHandler(this);
        }

        base.RealizeFunction();
    }
}
