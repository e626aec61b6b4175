using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>QEMU's <c>mch</c>: the q35 memory controller hub, always at 00.0 on <c>pcie.0</c>; not user-creatable.</summary>
[QomType("mch")]
public sealed partial class Mch : PciDevice, IConventionalPciDevice
{
    /// <summary>The TSEG size in MiB when the guest picks the extended size (memory layout is not modelled).</summary>
    [QomProperty("extended-tseg-mbytes", Default = 16)]
    public partial ushort ExtendedTsegMbytes { get; set; }

    /// <summary>Whether SMRAM at SMBASE is offered to the guest (memory layout is not modelled).</summary>
    [QomProperty("smbase-smram", Default = true)]
    public partial bool SmbaseSmram { get; set; }

    [QomClassInit]
    private static void InitMchClass(DeviceClass klass) => klass.UserCreatable = false;

    [QomInstanceInit]
    private void PlaceAtSlotZero() => Devfn = PciDevfn.Of(0, 0);
}
