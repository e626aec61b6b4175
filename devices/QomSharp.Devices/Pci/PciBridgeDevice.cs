using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's <c>pci-bridge</c>: a standard PCI-to-PCI bridge with a conventional secondary bus. It
/// needs a chassis number; hot-plug behind it is handled by the bridge (SHPC or ACPI on q35).
/// </summary>
[QomType("pci-bridge")]
public sealed partial class PciBridgeDevice : PciBridge, IConventionalPciDevice, IHotplugHandler
{
    /// <summary>Whether the bridge has a standard hot-plug controller.</summary>
    [QomProperty("shpc", Default = true)]
    public partial bool Shpc { get; set; }

    /// <summary>Prefetchable 32-bit memory to reserve behind the bridge.</summary>
    [QomProperty("pref32-reserve", Size = true, Default = ulong.MaxValue)]
    public partial ulong Prefetchable32Reserve { get; set; }

    /// <summary>MSI for the SHPC (off without SHPC).</summary>
    [QomProperty("msi", Default = OnOffAuto.Auto, Description = "on/off/auto")]
    public partial OnOffAuto Msi { get; set; }

    /// <summary>I/O space to reserve behind the bridge.</summary>
    [QomProperty("io-reserve", Size = true, Default = ulong.MaxValue)]
    public partial ulong IoReserve { get; set; }

    /// <summary>Prefetchable 64-bit memory to reserve behind the bridge.</summary>
    [QomProperty("pref64-reserve", Size = true, Default = ulong.MaxValue)]
    public partial ulong Prefetchable64Reserve { get; set; }

    /// <summary>Non-prefetchable memory to reserve behind the bridge.</summary>
    [QomProperty("mem-reserve", Size = true, Default = ulong.MaxValue)]
    public partial ulong MemoryReserve { get; set; }

    /// <summary>Bus numbers to reserve behind the bridge.</summary>
    [QomProperty("bus-reserve", Default = uint.MaxValue)]
    public partial uint BusReserve { get; set; }

    /// <summary>The chassis number of the slot-identification capability; must be non-zero.</summary>
    [QomProperty("chassis_nr", Default = 0)]
    public partial byte ChassisNumber { get; set; }

    [QomClassInit]
    private static void InitPciBridgeDeviceClass(DeviceClass klass)
    {
        klass.Description = "Standard PCI Bridge";
        klass.Categories = DeviceCategories.Bridge;
        klass.OrderOwnProperties("chassis_nr", "msi", "shpc", "bus-reserve", "io-reserve", "mem-reserve", "pref32-reserve", "pref64-reserve");
        klass.SetPropertyIterationOrder("shpc", "pref32-reserve", "msi", "io-reserve", "pref64-reserve", "mem-reserve", "bus-reserve", "chassis_nr");
    }

    /// <inheritdoc/>
    /// <remarks>Only the SHPC makes the bridge its bus's hot-plug handler.</remarks>
    protected override bool AcceptsHotplug => Shpc;

    /// <inheritdoc/>
    void IHotplugHandler.Plug(Device device) => ShpcPlug(device);

    /// <inheritdoc/>
    void IHotplugHandler.UnplugRequest(Device device) => ShpcUnplugRequest(device);

    /// <inheritdoc/>
    protected override void CheckBridge()
    {
        if (ChassisNumber == 0)
        {
            throw new QomException("Bridge chassis not specified. Each bridge is required to be assigned a unique chassis id > 0.");
        }

        // QEMU: MSI is not applicable without SHPC.
        if (!Shpc)
        {
            Msi = OnOffAuto.Off;
        }

        new PciResourceReserve(BusReserve, IoReserve, MemoryReserve, Prefetchable32Reserve, Prefetchable64Reserve).Check();
    }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>pci_bridge_dev_realize</c>: the SHPC BAR and registers, when SHPC is on.</remarks>
    protected override void CreateRegions()
    {
        base.CreateRegions();
        if (Shpc)
        {
            CreateShpcRegions();
        }
    }
}
