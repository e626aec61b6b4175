using System;

namespace QomSharp.Qdev;

/// <summary>
/// QEMU's <c>irq</c> (<c>IRQState</c>): one interrupt line into a device, with the handler the line
/// calls and the pin number it passes. Devices make their inputs with
/// <see cref="Device.InitGpioIn(int, Action{int, int}?, string?)"/>, which adds them as children.
/// </summary>
[QomType("irq")]
public sealed partial class Irq : QomObject
{
    /// <summary>Lines are created by a device's <see cref="Device.InitGpioIn(int, Action{int, int}?, string?)"/> (or by name, <c>irq</c>).</summary>
    internal Irq()
    {
    }

    /// <summary>The pin number passed to the handler.</summary>
    public int Number { get; internal set; }

    /// <summary>What a level change does (pin number, level); null for a line that ignores it.</summary>
    public Action<int, int>? Handler { get; internal set; }

    /// <summary>
    /// A line outside any device's inputs (QEMU's <c>qemu_allocate_irq</c>), added to
    /// <paramref name="parent"/> as the child <paramref name="name"/> (a <c>[*]</c> name takes the next
    /// index, as the board's <c>non-qdev-gpio[*]</c> lines do). The parent holds the only reference.
    /// </summary>
    public static Irq Create(QomObject parent, string name, int number, Action<int, int>? handler = null)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var line = parent.Context.New<Irq>();
        line.Number = number;
        line.Handler = handler;
        parent.AddChild(name, line);
        line.Unref();
        return line;
    }

    /// <summary>QEMU's <c>qemu_set_irq</c>: drives the line to <paramref name="level"/>.</summary>
    public void Set(int level) => Handler?.Invoke(Number, level);
}
