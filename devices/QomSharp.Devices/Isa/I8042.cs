using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>
/// QEMU's <c>i8042</c>: the PS/2 keyboard controller, with its keyboard and mouse as children
/// (<c>ps2kbd</c>, <c>ps2mouse</c>, realized on the system bus when it is); the board creates one
/// unless <c>i8042=off</c>, and users may add more. Its ports and the PS/2 protocol are not modelled.
/// </summary>
[QomType("i8042")]
public sealed partial class I8042 : IsaDevice
{
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
    [QomInstanceInit]
    private void CreatePs2Devices()
    {
        Mouse = (Ps2Mouse)Context.New(Ps2Mouse.QomTypeName);
        Keyboard = (Ps2Kbd)Context.New(Ps2Kbd.QomTypeName);
    }

    /// <inheritdoc/>
    protected override void Realize()
    {
        var sysbus = ((Machine)Context.ResolvePath("/machine")!).MainSystemBus;
        Keyboard!.RealizeOn(sysbus);
        Mouse!.RealizeOn(sysbus);
    }
}
