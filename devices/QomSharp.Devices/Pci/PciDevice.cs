using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's <c>pci-device</c> (abstract): a function on a PCI bus at devfn <c>addr</c> (-1: the
/// first free slot; once realized, <c>addr</c> reads the devfn taken, as in QEMU). Realize registers the devfn, runs the function's own realize
/// (<see cref="RealizeFunction"/>), then checks the multifunction rules, as QEMU 7.2's
/// <c>pci_qdev_realize</c> does; any failure frees the devfn again.
/// </summary>
[QomType("pci-device", Abstract = true)]
public abstract partial class PciDevice : Device
{
    private PciBus? registeredOn;

    /// <summary>The <c>addr</c> property: the devfn asked for (-1: any free slot), then the devfn taken.</summary>
    public int Devfn { get; internal set; } = -1;

    /// <summary>QEMU's <c>multifunction</c> bit: function 0 announces further functions.</summary>
    [QomProperty("multifunction", Default = false, Description = "on/off")]
    public partial bool Multifunction { get; set; }

    /// <summary>The PCI bus the device sits on.</summary>
    public PciBus? PciBus => ParentBus as PciBus;

    [QomClassInit]
    private static void InitPciDeviceClass(DeviceClass klass)
    {
        klass.BusType = PciBus.QomTypeName;
        klass.AddProperty(new PciDevfnProperty());

        // QEMU's legacy property for a printable qdev property: what info qtree shows for addr.
        klass.AddProperty(new QomStringProperty("legacy-addr", static o => PrintDevfn(((PciDevice)o).Devfn), null));
    }

    /// <summary>The function's own realize (QEMU's <c>PCIDeviceClass.realize</c>); throw to fail.</summary>
    protected virtual void RealizeFunction()
    {
    }

    /// <summary>The function's own unrealize (QEMU's <c>PCIDeviceClass.exit</c>).</summary>
    protected virtual void ExitFunction()
    {
    }

    /// <inheritdoc/>
    protected sealed override void Realize()
    {
        var bus = PciBus ?? throw new QomException($"device '{TypeName}' needs a '{PciBus.QomTypeName}' bus");
        Devfn = bus.Register(this, Devfn);
        registeredOn = bus;
        try
        {
            RealizeFunction();
            try
            {
                bus.CheckMultifunction(this);
            }
            catch (QomException)
            {
                ExitFunction();
                throw;
            }
        }
        catch (QomException)
        {
            ReleaseDevfn();
            throw;
        }

        base.Realize();
    }

    /// <inheritdoc/>
    protected sealed override void Unrealize()
    {
        ExitFunction();
        ReleaseDevfn();
        base.Unrealize();
    }

    // QEMU's print_pci_devfn.
    private static string PrintDevfn(int devfn) => devfn < 0 ? "<unset>" : PciDevfn.Format(devfn);

    private void ReleaseDevfn()
    {
        registeredOn?.Unregister(this, Devfn);
        registeredOn = null;
    }
}
