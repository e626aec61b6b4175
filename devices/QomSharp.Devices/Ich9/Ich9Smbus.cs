using QomSharp.Devices.Pci;
using QomSharp.Qdev;

namespace QomSharp.Devices.Ich9;

/// <summary>
/// QEMU's <c>ICH9-SMB</c>: the ICH9 SMBus controller, which the q35 board puts at 00:1f.3 (unless
/// <c>smbus=off</c>); not user-creatable. Its SMBus host registers (BAR4) drive its <c>i2c</c> bus,
/// where the board puts the SPD EEPROMs.
/// </summary>
[QomType("ICH9-SMB")]
public sealed partial class Ich9Smbus : PciDevice, IConventionalPciDevice, IPciFixedIdentity
{
    /// <summary>Where the q35 board puts it.</summary>
    public static readonly int BoardDevfn = PciDevfn.Of(0x1f, 3);

    [QomClassInit]
    private static void InitIch9SmbusClass(DeviceClass klass) => klass.UserCreatable = false;

    /// <inheritdoc/>
    /// <remarks>The SMBus class with its I/O BAR4, interrupt pin A.</remarks>
    public PciFixedIdentity Identity { get; } = new(0x0c05, 0x2930, 1, [new(4, true, 64, false, false)]);
}
