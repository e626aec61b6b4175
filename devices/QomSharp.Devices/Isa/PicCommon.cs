namespace QomSharp.Devices.Isa;

/// <summary>QEMU's <c>pic-common</c> (abstract): an i8259 interrupt controller's configuration (its registers: PicRegisters.cs).</summary>
[QomType("pic-common", Abstract = true)]
public abstract partial class PicCommon : IsaDevice
{
    /// <summary>QEMU's <c>iobase</c>: the command/data port pair (0x20 master, 0xa0 slave).</summary>
    [QomProperty("iobase", Default = uint.MaxValue)]
    public partial uint IoBase { get; set; }

    /// <summary>QEMU's <c>elcr_addr</c>: the edge/level control register's port (0x4d0, 0x4d1).</summary>
    [QomProperty("elcr_addr", Default = uint.MaxValue)]
    public partial uint ElcrAddress { get; set; }

    /// <summary>QEMU's <c>elcr_mask</c>: the ELCR bits the guest may write.</summary>
    [QomProperty("elcr_mask", Default = (byte)0xff)]
    public partial byte ElcrMask { get; set; }

    /// <summary>QEMU's <c>master</c>: the master controller (the slave cascades into its IRQ 2).</summary>
    [QomProperty("master", Default = false)]
    public partial bool Master { get; set; }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>pic_common_realize</c> with <c>pic_realize</c>: the command/data ports, the ELCR port, 8 input lines and the INT output.</remarks>
    protected override void Realize()
    {
        CreateIoPort("pic", IoBase, 2, new PicPorts(this));
        CreateIoPort("elcr", ElcrAddress, 1, new ElcrPort(this));
        InitGpioOut(1);
        InitGpioIn(8, SetIrq);
        base.Realize();
    }
}
