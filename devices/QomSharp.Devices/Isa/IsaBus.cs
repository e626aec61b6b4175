using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>QEMU's <c>ISA</c> bus: the ISA bus an LPC or ISA bridge provides (<c>isa.0</c> under q35's ICH9-LPC).</summary>
[QomType("ISA")]
public sealed partial class IsaBus : Bus
{
    /// <summary>The lines ISA interrupt numbers map to (QEMU's <c>isa_bus_register_input_irqs</c>): the board's GSIs on q35.</summary>
    public Irq?[] InputIrqs { get; internal set; } = [];

    /// <summary>QEMU's <c>isa_bus_get_irq</c>: the line of ISA interrupt <paramref name="isairq"/>, or null.</summary>
    public Irq? GetIrq(int isairq) => (uint)isairq < (uint)InputIrqs.Length ? InputIrqs[isairq] : null;
}
