using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>
/// QEMU's <c>i8042</c>: the PS/2 keyboard controller, with its keyboard and mouse as children
/// (<c>ps2kbd</c>, <c>ps2mouse</c>, realized on the system bus when it is); the board creates one
/// unless <c>i8042=off</c>, and users may add more. Its ports are modelled (I8042Controller.cs),
/// and so are its devices' replies to the guest's commands.
/// </summary>
[QomType("i8042")]
public sealed partial class I8042 : IsaDevice, Machines.IResetDevice
{
    /// <summary>QEMU's <c>kbd_reset</c>: the controller's registers as at power-on, no byte pending.</summary>
    void Machines.IResetDevice.Reset() => ResetController();

    /// <summary>QEMU's <c>extended-state</c>: the extended state is migrated.</summary>
    [QomProperty("extended-state", Default = true)]
    public partial bool ExtendedState { get; set; }

    /// <summary>QEMU's <c>kbd-throttle</c>: keyboard input is throttled.</summary>
    [QomProperty("kbd-throttle", Default = false)]
    public partial bool KbdThrottle { get; set; }

    /// <summary>QEMU's <c>kbd-irq</c>: the keyboard's ISA IRQ.</summary>
    [QomProperty("kbd-irq", Default = (byte)1)]
    public partial byte KbdIrq { get; set; }

    /// <summary>QEMU's <c>mouse-irq</c>: the mouse's ISA IRQ.</summary>
    [QomProperty("mouse-irq", Default = (byte)12)]
    public partial byte MouseIrq { get; set; }

    /// <summary>The keyboard, created with the controller.</summary>
    [QomChild("ps2kbd")]
    public partial Ps2Kbd? Keyboard { get; set; }

    /// <summary>The mouse, created with the controller.</summary>
    [QomChild("ps2mouse")]
    public partial Ps2Mouse? Mouse { get; set; }

    [QomClassInit]
    private static void InitI8042Class(DeviceClass klass)
    {
        klass.Categories = DeviceCategories.Input;
        klass.SetPropertyIterationOrder("kbd-throttle", "extended-state", "mouse-irq", "kbd-irq");
    }

    // QEMU's i8042_initfn: the keyboard and mouse children (the creator's references pass to the
    // child properties), added in the order QEMU's hash table iterates them.
    // Then, as QEMU's i8042_initfn does, the data and command ports, the A20 output, the keyboard
    // and mouse IRQ outputs and the input lines the PS/2 devices drive.
    [QomInstanceInit]
    private void CreatePs2Devices()
    {
        Mouse = (Ps2Mouse)Context.New(Ps2Mouse.QomTypeName);
        Keyboard = (Ps2Kbd)Context.New(Ps2Kbd.QomTypeName);
        dataPort = MemoryRegion.Create(this, "i8042-data", 1, new DataPortOps(this));
        commandPort = MemoryRegion.Create(this, "i8042-cmd", 1, new CommandPortOps(this));
        InitGpioOut(1, A20Line);
        InitGpioOut(2);
        InitGpioIn(1, KeyboardLine, "ps2-kbd-input-irq");
        InitGpioIn(1, MouseLine, "ps2-mouse-input-irq");
    }

    private MemoryRegion? dataPort;
    private MemoryRegion? commandPort;

    /// <summary>The name of the A20 output line (QEMU's <c>I8042_A20_LINE</c>).</summary>
    public const string A20Line = "a20";

    /// <summary>The i8042's data port.</summary>
    public const ulong DataPort = 0x60;

    /// <summary>The i8042's command/status port.</summary>
    public const ulong CommandPort = 0x64;

    /// <inheritdoc/>
    protected override void Realize()
    {
        RegisterIoPort(dataPort!, DataPort);
        RegisterIoPort(commandPort!, CommandPort);
        var sysbus = ((Machine)Context.ResolvePath("/machine")!).MainSystemBus;
        // QEMU's i8042_realizefn: the IRQ outputs to the ISA bus's lines, each PS/2 device's output to its input here.
        if (ParentBus is IsaBus isa)
        {
            SetPropertyLink($"{UnnamedGpioOut}[0]", isa.GetIrq(KbdIrq));
            SetPropertyLink($"{UnnamedGpioOut}[1]", isa.GetIrq(MouseIrq));
        }

        Keyboard!.RealizeOn(sysbus);
        Keyboard.SetPropertyLink($"{UnnamedGpioOut}[0]", GetGpioIn(0, "ps2-kbd-input-irq"));
        Mouse!.RealizeOn(sysbus);
        Mouse.SetPropertyLink($"{UnnamedGpioOut}[0]", GetGpioIn(0, "ps2-mouse-input-irq"));
        ResetController();
    }
}
