namespace QomSharp.Devices.Pci;

/// <summary>QEMU's <c>pcie-root-port-base</c> (abstract): the common part of root ports.</summary>
[QomType("pcie-root-port-base", Abstract = true)]
public abstract partial class PcieRootPortBase : PcieSlot, IPciExpressDevice
{
    /// <summary>Whether the port leaves out its ACS capability.</summary>
    [QomProperty("disable-acs", Default = false)]
    public partial bool DisableAcs { get; set; }

    /// <summary>Compat knob: the slot's power controller is present.</summary>
    [QomProperty("power_controller_present", Default = true)]
    public partial bool PowerControllerPresent { get; set; }

    [QomClassInit]
    private static void InitPcieRootPortBaseClass(QomClass klass)
    {
        klass.OrderOwnProperties("power_controller_present", "disable-acs");
        klass.SetPropertyIterationOrder("disable-acs", "power_controller_present");
    }

    /// <inheritdoc/>
    protected override void CheckBridge()
    {
        // QEMU's rp_realize: the chassis slot first, then AER.
        base.CheckBridge();
        CheckAerLogMax();
    }
}
