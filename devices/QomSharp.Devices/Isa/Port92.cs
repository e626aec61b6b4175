using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>
/// QEMU's <c>port92</c>: the PC's system control port A (fast A20 and reset); the board creates it
/// with the i8042. Not user-creatable. The register reads back what was written, bit 1 driving the
/// A20 line; bit 0 rising asks for a machine reset.
/// </summary>
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
        port = MemoryRegion.Create(this, "port92", 1, new PortOps(this));
        InitGpioOut(1, I8042.A20Line);
    }

    private byte outport;

    // QEMU's port92_write: the value kept, bit 1 to the A20 line, bit 0 set from clear a reset request.
    private void Write(byte value)
    {
        byte old = outport;
        outport = value;
        if ((value & 1) != 0 && (old & 1) == 0)
        {
            Context.Qdev.RequestReset(guest: true, "guest-reset");
        }

        if (GetPropertyLink($"{I8042.A20Line}[0]") is Irq line)
        {
            line.Set((value >> 1) & 1);
        }
    }

    // QEMU's port92_ops: byte accesses.
    private sealed class PortOps(Port92 device) : Access.AccessRules(implMin: 1, implMax: 1)
    {
        protected override ulong DeviceRead(ulong offset, int size) => device.outport;

        protected override void DeviceWrite(ulong offset, ulong value, int size) => device.Write((byte)value);
    }

    /// <inheritdoc/>
    protected override void Realize()
    {
        RegisterIoPort(port!, Port);
        base.Realize();
    }
}
