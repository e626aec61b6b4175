using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>
/// QEMU's <c>i8257</c>: one of the PC's two cascaded DMA controllers, children <c>dma[0]</c> (8-bit,
/// at 0) and <c>dma[1]</c> (16-bit, at 0xc0) of the LPC (<see cref="CreatePair"/>); not
/// user-creatable. Its registers are modelled (I8257.Registers.cs); transfers are not, as no
/// device on the board asks for one.
/// </summary>
[QomType("i8257")]
public sealed partial class I8257 : IsaDevice
{
    /// <summary>QEMU's <c>base</c>: the channel registers' first port.</summary>
    [QomProperty("base", Default = 0)]
    public partial int Base { get; set; }

    /// <summary>QEMU's <c>page-base</c>: the page registers' first port.</summary>
    [QomProperty("page-base", Default = 0x80)]
    public partial int PageBase { get; set; }

    /// <summary>QEMU's <c>pageh-base</c>: the high page registers' first port (-1: none).</summary>
    [QomProperty("pageh-base", Default = 0x480)]
    public partial int PagehBase { get; set; }

    /// <summary>QEMU's <c>dshift</c>: the register spacing (0 for the 8-bit controller, 1 for the 16-bit one).</summary>
    [QomProperty("dshift", Default = 0)]
    public partial int DShift { get; set; }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>i8257_realize</c>: the channel and control registers, the page registers of channels 1-3 and 0 (and the high page registers where there are).</remarks>
    protected override void Realize()
    {
        ulong spacing = 8UL << DShift;
        CreateIoPort("dma-chan", (ulong)Base, spacing, new ChannelPorts(this));
        CreateIoPort("dma-cont", (ulong)Base + spacing, spacing, new ControlPorts(this));
        CreatePagePorts("dma-page", (ulong)PageBase, high: false);
        if (PagehBase >= 0)
        {
            CreatePagePorts("dma-pageh", (ulong)PagehBase, high: true);
        }

        base.Realize();
    }

    // The page registers of channels 2, 3, 1 (ports 1-3) and of channel 0 (port 7) from the base;
    // QEMU's high page list runs three ports from 7.
    private void CreatePagePorts(string name, ulong pageBase, bool high)
    {
        CreateIoPort(name, pageBase + 1, 3, new PagePorts(this, pageBase + 1, 3, high)).OwnedByPortioList = true;
        ulong lastRun = high ? 3UL : 1UL;
        CreateIoPort(name, pageBase + 7, lastRun, new PagePorts(this, pageBase + 7, lastRun, high)).OwnedByPortioList = true;
    }

    [QomClassInit]
    private static void InitI8257Class(DeviceClass klass)
    {
        klass.UserCreatable = false;
        klass.SetPropertyIterationOrder("page-base", "pageh-base", "dshift", "base");
    }

    /// <summary>QEMU's <c>i8257_dma_init</c> without high page registers: both controllers on <paramref name="bus"/>, children <c>dma[0]</c> and <c>dma[1]</c> of <paramref name="parent"/>.</summary>
    public static void CreatePair(QomObject parent, IsaBus bus)
    {
        Create(parent, bus, "dma[0]", 0x00, 0x80, 0);
        Create(parent, bus, "dma[1]", 0xc0, 0x88, 1);
    }

    private static void Create(QomObject parent, IsaBus bus, string name, int ioBase, int pageBase, int dshift)
    {
        var dma = (I8257)bus.Context.New(QomTypeName);
        dma.Base = ioBase;
        dma.PageBase = pageBase;
        dma.PagehBase = -1;
        dma.DShift = dshift;
        parent.AddChild(name, dma);
        dma.RealizeOn(bus);
        dma.Unref();
    }
}
