using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's <c>q35-pcihost</c>: the q35 host bridge at <c>/machine/q35</c>. It owns the memory
/// controller function <c>mch</c> (00.0) and creates the root bus <c>pcie.0</c> at realize. The
/// root bus has no hot-plug handler: QEMU 7.2's q35 refuses hot-plug there.
/// </summary>
[QomType("q35-pcihost")]
public sealed partial class Q35PciHost : PcieHostBridge
{
    /// <summary>The name QEMU gives the q35 root bus.</summary>
    public const string RootBusName = "pcie.0";

    /// <summary>The memory controller hub function.</summary>
    public Mch Mch { get; private set; } = null!;

    [QomClassInit]
    private static void InitQ35PciHostClass(DeviceClass klass) => klass.UserCreatable = false;

    [QomInstanceInit]
    private void CreateMch()
    {
        Mch = (Mch)Context.New(Mch.QomTypeName);
        AddChild("mch", Mch);
        Mch.Unref();
    }

    /// <inheritdoc/>
    protected override void Realize()
    {
        RootBus = (PciBus)Qdev.Bus.Create(Context, PcieBus.QomTypeName, this, RootBusName);
        Mch.RealizeOn(RootBus);
        base.Realize();
    }
}
