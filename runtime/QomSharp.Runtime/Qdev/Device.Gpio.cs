using System;

namespace QomSharp.Qdev;

public partial class Device
{
    /// <summary>The name QEMU gives a device's input lines when they have none (<c>unnamed-gpio-in</c>).</summary>
    public const string UnnamedGpioIn = "unnamed-gpio-in";

    /// <summary>The name QEMU gives a device's output lines when they have none (<c>unnamed-gpio-out</c>).</summary>
    public const string UnnamedGpioOut = "unnamed-gpio-out";

    /// <summary>
    /// QEMU's <c>qdev_init_gpio_in_named</c> (<c>qdev_init_gpio_in</c> when <paramref name="name"/> is
    /// null): adds <paramref name="count"/> input lines as <c>irq</c> children <c>name[N]</c>
    /// (<c>unnamed-gpio-in[N]</c>), numbered on from the lines of that name the device already has.
    /// Call it where QEMU does (instance init or realize); a device without lines pays nothing.
    /// </summary>
    /// <param name="count">How many lines to add.</param>
    /// <param name="handler">What a level change on a line does (pin number, level), or null.</param>
    /// <param name="name">The lines' name (<c>ps2-kbd-input-irq</c>), or null for unnamed ones.</param>
    /// <returns>The new lines, in pin order.</returns>
    protected internal Irq[] InitGpioIn(int count, Action<int, int>? handler = null, string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        string stem = name ?? UnnamedGpioIn;
        var lines = new Irq[count];

        // QEMU takes the first free index for each line; after line k every index up to k is
        // taken, so the search goes on from there instead of from 0 (linear, not quadratic).
        int pin = 0;
        for (int i = 0; i < count; i++)
        {
            while (FindProperty(QomIndexedNames.ForStem(stem, pin)) is not null)
            {
                pin++;
            }

            var line = Context.New<Irq>();
            AddChild(pin < MaxAutoIndex ? QomIndexedNames.ForStem(stem, pin) : stem + "[*]", line);
            line.Number = pin++;
            line.Handler = handler;
            line.Unref();
            lines[i] = line;
        }

        return lines;
    }

    /// <summary>
    /// QEMU's <c>qdev_init_gpio_out_named</c>: adds <paramref name="count"/> output lines as writable
    /// strong <c>link&lt;irq&gt;</c> properties <c>name[N]</c> (<c>unnamed-gpio-out[N]</c>), which the
    /// board connects to other devices' inputs.
    /// </summary>
    protected internal void InitGpioOut(int count, string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        string stem = (name ?? UnnamedGpioOut) + "[*]";
        for (int i = 0; i < count; i++)
        {
            AddProperty(QomLinkProperty.CreateInstanceLink(stem, Irq.QomTypeName, QomLinkProperty.AllowSet, strong: true));
        }
    }

    /// <summary>QEMU's <c>qdev_get_gpio_in_named</c>: input line <paramref name="n"/> of that name, or null.</summary>
    public Irq? GetGpioIn(int n, string? name = null) =>
        n < 0 ? null : GetChild(QomIndexedNames.ForStem(name ?? UnnamedGpioIn, n)) as Irq;
}
