using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>
/// QEMU's <c>isa-i8259</c>: one of the PC's two cascaded interrupt controllers, which the board
/// creates unless <c>pic=off</c> (<see cref="CreatePair"/>); not user-creatable.
/// </summary>
[QomType("isa-i8259")]
public sealed partial class IsaI8259 : PicCommon
{
    [QomClassInit]
    private static void InitIsaI8259Class(DeviceClass klass) => klass.UserCreatable = false;

    /// <summary>
    /// QEMU's <c>i8259_init</c>: the master at 0x20 (ELCR 0x4d0, mask 0xf8), its output to
    /// <paramref name="parentIrq"/> (the CPU's line), then the slave at 0xa0 (ELCR 0x4d1, mask 0xde),
    /// its output to the master's input 2. Returns the 16 inputs (QEMU's <c>i8259</c> IRQ array).
    /// </summary>
    public static Irq[] CreatePair(IsaBus bus, Irq? parentIrq)
    {
        var master = Create(bus, 0x20, 0x4d0, 0xf8, master: true);
        master.SetPropertyLink($"{UnnamedGpioOut}[0]", parentIrq);
        var slave = Create(bus, 0xa0, 0x4d1, 0xde, master: false);
        slave.SetPropertyLink($"{UnnamedGpioOut}[0]", master.GetGpioIn(2));
        var inputs = new Irq[16];
        for (int i = 0; i < 8; i++)
        {
            inputs[i] = master.GetGpioIn(i)!;
            inputs[8 + i] = slave.GetGpioIn(i)!;
        }

        return inputs;
    }

    // The bus holds the PIC.
    private static IsaI8259 Create(IsaBus bus, uint ioBase, uint elcrAddress, byte elcrMask, bool master)
    {
        var pic = (IsaI8259)bus.Context.New(QomTypeName);
        pic.IoBase = ioBase;
        pic.ElcrAddress = elcrAddress;
        pic.ElcrMask = elcrMask;
        pic.Master = master;
        pic.RealizeOn(bus);
        pic.Unref();
        return pic;
    }
}
