using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's <c>pxb-host</c>: the host bridge an expander bridge creates on the system bus for its extra
/// root bus; it carries the expander's <c>bypass_iommu</c> as its own <c>bypass-iommu</c>.
/// </summary>
[QomType("pxb-host")]
public sealed partial class PxbHost : PciHostBridge
{
    [QomClassInit]
    private static void InitPxbHostClass(DeviceClass klass) => klass.UserCreatable = false;

    /// <summary>Creates the host's root bus of <paramref name="busType"/>, named <paramref name="name"/> (automatic when null).</summary>
    internal PciBus CreateRootBus(string busType, string? name)
    {
        RootBus = (PciBus)Qdev.Bus.Create(Context, busType, this, name);
        return RootBus;
    }
}
