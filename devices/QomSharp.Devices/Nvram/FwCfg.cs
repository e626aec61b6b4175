using QomSharp.Qdev;

namespace QomSharp.Devices.Nvram;

/// <summary>
/// QEMU's <c>fw_cfg</c> (abstract): the firmware configuration device the board hands its tables
/// and files through. Only its QOM surface and memory regions are modelled; no file is served.
/// </summary>
[QomType("fw_cfg", Abstract = true)]
public abstract partial class FwCfg : SysBusDevice
{
    /// <summary>Whether ACPI table regions are resized back on migration (no modelled effect).</summary>
    [QomProperty("acpi-mr-restore", Default = true, Description = "on/off")]
    public partial bool AcpiMrRestore { get; set; }

    [QomClassInit]
    private static void InitFwCfgClass(DeviceClass klass) => klass.UserCreatable = false;

    /// <summary>
    /// QEMU's <c>acpi_setup</c> at machine-init-done: the ROM blobs the ACPI tables are built into,
    /// owned by this device and not mapped (the guest reads them through the device).
    /// </summary>
    public void AddAcpiBlobs()
    {
        Memory.MemoryRegion.Create(this, "/rom@etc/acpi/tables", 0x20000);
        Memory.MemoryRegion.Create(this, "/rom@etc/table-loader", 0x1000);
        Memory.MemoryRegion.Create(this, "/rom@etc/acpi/rsdp", 0x14);
    }
}
