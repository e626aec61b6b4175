namespace QomSharp.Devices.Pci;

/// <summary>The bus's number for ACPI PCI hot-plug (QEMU's <c>acpi-pcihp-bsel</c>), given by the ICH9 LPC at reset.</summary>
public partial class PciBus
{
    /// <summary>The bus's ACPI hot-plug number (its read-only <c>acpi-pcihp-bsel</c> property), once given.</summary>
    public uint? AcpiHotplugSelector { get; private set; }

    /// <summary>Gives the bus its ACPI hot-plug number and adds the <c>acpi-pcihp-bsel</c> property (QEMU's <c>acpi_set_bsel</c>).</summary>
    public void SetAcpiHotplugSelector(uint bsel)
    {
        if (AcpiHotplugSelector is not null)
        {
            return;
        }

        AcpiHotplugSelector = bsel;
        AddProperty(new QomIntegerProperty<uint>(Ich9.Ich9Lpc.BselProperty, static o => ((PciBus)o).AcpiHotplugSelector ?? 0, null));
    }
}
