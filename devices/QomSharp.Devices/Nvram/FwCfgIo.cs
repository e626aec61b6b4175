using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.Nvram;

/// <summary>
/// QEMU's <c>fw_cfg_io</c>: the PC's firmware configuration device at <c>/machine/fw_cfg</c>, with
/// its selector/data ports at 0x510 and its DMA address port at 0x514.
/// </summary>
[QomType("fw_cfg_io")]
public sealed partial class FwCfgIo : FwCfg
{
    /// <summary>The PC's fw_cfg port (QEMU's <c>FW_CFG_IO_BASE</c>).</summary>
    public const ulong IoBase = 0x510;

    /// <summary>Whether the DMA interface is offered.</summary>
    [QomProperty("dma_enabled", Default = true, Description = "on/off")]
    public partial bool DmaEnabled { get; set; }

    /// <summary>How many file slots the directory has (no modelled effect).</summary>
    [QomProperty("x-file-slots", Default = (ushort)32)]
    public partial ushort FileSlots { get; set; }

    [QomClassInit]
    private static void InitFwCfgIoClass(DeviceClass klass)
    {
        klass.OrderOwnProperties("dma_enabled", "x-file-slots");
        klass.SetPropertyIterationOrder("dma_enabled", "x-file-slots");
    }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>fw_cfg_io_realize</c>, then <c>sysbus_add_io</c> of each region at the PC's ports.</remarks>
    protected override void Realize()
    {
        base.Realize();
        var io = Context.Qdev.IoSpace.Root;
        io?.AddSubregion(IoBase, MemoryRegion.Create(this, "fwcfg", 2));
        if (DmaEnabled)
        {
            io?.AddSubregion(IoBase + 4, MemoryRegion.Create(this, "fwcfg.dma", 8));
        }
    }
}
