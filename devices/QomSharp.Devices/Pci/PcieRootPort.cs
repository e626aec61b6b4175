using QomSharp.Devices.Pci.Config;
using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>QEMU's <c>pcie-root-port</c>: the generic root port; its bus takes one Express device (and hot-plugs).</summary>
[QomType("pcie-root-port")]
public sealed partial class PcieRootPort : PcieRootPortBase
{
    // GEN_PCIE_ROOT_DEFAULT_IO_RANGE: what machine types up to 6.1 reserve for I/O behind a hot-pluggable port.
    private const ulong DefaultIoRange = 4096;

    /// <summary>Prefetchable 32-bit memory to reserve behind the port.</summary>
    [QomProperty("pref32-reserve", Size = true, Default = ulong.MaxValue)]
    public partial ulong Prefetchable32Reserve { get; set; }

    /// <summary>The link speed the port advertises.</summary>
    [QomProperty("x-speed", Default = PcieLinkSpeed.Speed16, Description = "2_5/5/8/16/32/64")]
    public partial PcieLinkSpeed Speed { get; set; }

    /// <summary>I/O space to reserve behind the port.</summary>
    [QomProperty("io-reserve", Size = true, Default = ulong.MaxValue)]
    public partial ulong IoReserve { get; set; }

    /// <summary>Compat knob: migrate the MSI-X state.</summary>
    [QomProperty("x-migrate-msix", Default = true)]
    public partial bool MigrateMsix { get; set; }

    /// <summary>The link width the port advertises.</summary>
    [QomProperty("x-width", Default = PcieLinkWidth.X32, Description = "1/2/4/8/12/16/32")]
    public partial PcieLinkWidth Width { get; set; }

    /// <summary>Bus numbers to reserve behind the port.</summary>
    [QomProperty("bus-reserve", Default = uint.MaxValue)]
    public partial uint BusReserve { get; set; }

    /// <summary>Prefetchable 64-bit memory to reserve behind the port.</summary>
    [QomProperty("pref64-reserve", Size = true, Default = ulong.MaxValue)]
    public partial ulong Prefetchable64Reserve { get; set; }

    /// <summary>Non-prefetchable memory to reserve behind the port.</summary>
    [QomProperty("mem-reserve", Size = true, Default = ulong.MaxValue)]
    public partial ulong MemoryReserve { get; set; }

    [QomClassInit]
    private static void InitPcieRootPortClass(DeviceClass klass)
    {
        klass.Description = "PCI Express Root Port";
        klass.Categories = DeviceCategories.Bridge;
        klass.OrderOwnProperties("x-migrate-msix", "bus-reserve", "io-reserve", "mem-reserve", "pref32-reserve", "pref64-reserve", "x-speed", "x-width");
        klass.SetPropertyIterationOrder("pref32-reserve", "x-speed", "io-reserve", "x-migrate-msix", "x-width", "bus-reserve", "pref64-reserve", "mem-reserve");
    }

    /// <inheritdoc/>
    protected override void CheckBridge()
    {
        base.CheckBridge();

        // QEMU's gen_rp_realize keeps 6.1's I/O reservation for the machine types that hide native hot-plug.
        if (HideNativeHotplugCap && IoReserve == ulong.MaxValue && Hotplug)
        {
            IoReserve = DefaultIoRange;
        }

        new PciResourceReserve(BusReserve, IoReserve, MemoryReserve, Prefetchable32Reserve, Prefetchable64Reserve).Check();
    }

    /// <inheritdoc/>
    protected override bool ClosesWindowsAtReset => true;

    /// <inheritdoc/>
    /// <remarks>
    /// QEMU's <c>rp_realize</c> with <c>msix_init_exclusive_bar</c> for the one vector: a 4 KiB BAR
    /// (<c>pcie-root-port-msix</c>) with the table at its start and the pending bits in its upper half.
    /// </remarks>
    protected override void CreateRegions()
    {
        base.CreateRegions();
        var vectors = new MsixVectors(this, MsixOffset, 1, 0x800);
        msix = vectors;
        var bar = Memory.MemoryRegion.Create(this, "pcie-root-port-msix", 0x1000, vectors);
        bar.AddSubregion(0, Memory.MemoryRegion.Create(this, "msix-table", 0x10));
        bar.AddSubregion(0x800, Memory.MemoryRegion.Create(this, "msix-pba", 8));
        SetBar0(bar);
    }

    // The one MSI-X vector, which carries the hot-plug notification.
    private MsixVectors? msix;

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>hotplug_event_notify</c>: through vector 0 with MSI-X enabled, else the INTx pin.</remarks>
    protected override void SignalHotplugEvent(bool level)
    {
        if (msix is { Enabled: true } vectors)
        {
            vectors.Notify(0);
        }
        else
        {
            SetIntx(level);
        }
    }

    /// <inheritdoc/>
    protected override void ClearHotplugInterrupt()
    {
        if (msix is not { Enabled: true })
        {
            SetIntx(false);
        }
    }

    // The AER capability's root error command and status.
    private const int AerRootCommand = AerOffset + 0x2c;
    private const int AerRootStatus = AerOffset + 0x30;

    // QEMU's pcie_aer_root_write_config, after every configuration write: with MSI-X off the INTx
    // pin takes the level of the AER root interrupt (an enabled error message received), so a
    // hot-plug event's INTx drops at the port's next configuration write.
    private void UpdateAerRootInterrupt(PciConfigSpace config)
    {
        if (msix is { Enabled: true })
        {
            return;
        }

        uint status = PciConfigSpace.GetLong(config.Config, AerRootStatus);
        uint enabled = (status & 0x1) != 0 ? 0x1u : 0;
        enabled |= (status & 0x20) != 0 ? 0x2u : 0;
        enabled |= (status & 0x40) != 0 ? 0x4u : 0;
        SetIntx((PciConfigSpace.GetLong(config.Config, AerRootCommand) & enabled) != 0);
    }
}
