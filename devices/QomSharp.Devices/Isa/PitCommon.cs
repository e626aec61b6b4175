namespace QomSharp.Devices.Isa;

/// <summary>QEMU's <c>pit-common</c> (abstract): an i8254 programmable interval timer's configuration.</summary>
[QomType("pit-common", Abstract = true)]
public abstract partial class PitCommon : IsaDevice
{
    /// <summary>QEMU's <c>iobase</c>: the timer's four ports (0x40 on a PC).</summary>
    [QomProperty("iobase", Default = uint.MaxValue)]
    public partial uint IoBase { get; set; }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>pit_common_realize</c> with <c>pit_realizefn</c>: the four ports, the IRQ 0 output and the input that enables it (the HPET's).</remarks>
    protected override void Realize()
    {
        CreateIoPort("pit", IoBase, 4, new PitPorts(this));
        InitGpioOut(1);
        InitGpioIn(1, (_, level) => SetIrqEnabled(level != 0));
        base.Realize();
        ResetChannels();
    }
}
