using QomSharp.Devices.Pci;
using QomSharp.Qdev;

namespace QomSharp.Devices.Machines;

/// <summary>
/// QEMU 7.2's <c>pc-q35-7.2-machine</c> (alias <c>q35</c>), reduced to what this project models:
/// the board object, its containers and main system bus, and the PCIe host bridge
/// <c>/machine/q35</c> with its root bus <c>pcie.0</c>. It is the default machine here, since the
/// i440FX board is not modelled.
/// </summary>
[QomType("pc-q35-7.2-machine")]
public sealed partial class Q35Machine : PcMachine
{
    [QomClassInit]
    private static void InitQ35MachineClass(MachineClass klass)
    {
        klass.Description = "Standard PC (Q35 + ICH9, 2009)";
        klass.Alias = "q35";
        klass.IsDefault = true;
        klass.Family = "pc_q35";
    }

    /// <inheritdoc/>
    public override bool AllowsDynamicSysBusDevice(string typeName) => typeName == Devices.I386.IntelIommu.QomTypeName;

    /// <summary>Creates the q35 host bridge (<c>/machine/q35</c>) with its root bus <c>pcie.0</c>.</summary>
    protected override void InitBoard()
    {
        var host = (Q35PciHost)Context.New(Q35PciHost.QomTypeName);
        AddChild("q35", host);
        host.Unref();
        host.RealizeOn(MainSystemBus);
        base.InitBoard();
    }
}
