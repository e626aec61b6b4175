using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>QEMU's <c>port92</c>: the PC's system control port A (fast A20 and reset); the board creates it with the i8042. Not user-creatable; its register is not modelled.</summary>
[QomType("port92")]
public sealed partial class Port92 : IsaDevice
{
    /// <summary>The port.</summary>
    public const ulong Port = 0x92;

    private MemoryRegion? port;

    [QomClassInit]
    private static void InitPort92Class(DeviceClass klass) => klass.UserCreatable = false;

    // QEMU's port92_initfn: the port region and the A20 output.
    [QomInstanceInit]
    private void CreatePort()
    {
        port = MemoryRegion.Create(this, "port92", 1);
        InitGpioOut(1, I8042.A20Line);
    }

    /// <inheritdoc/>
    protected override void Realize()
    {
        RegisterIoPort(port!, Port);
        base.Realize();
    }
}
