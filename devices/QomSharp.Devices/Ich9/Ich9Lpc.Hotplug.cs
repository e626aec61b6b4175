using QomSharp.Devices.Pci;
using QomSharp.Qdev;

namespace QomSharp.Devices.Ich9;

/// <summary>
/// ACPI PCI hot-plug (QEMU 10.0's ICH9 power management with <c>acpi-pci-hotplug-with-bridge-support</c>
/// on, the default of every q35 version modelled): the LPC becomes the hot-plug handler of its own
/// bus (<c>pcie.0</c>) and, through its plug step, of the secondary bus of every bridge cold-plugged
/// below it. At reset it numbers every bus that accepts hot-plug (its <c>acpi-pcihp-bsel</c>),
/// depth first from <c>pcie.0</c>. Hot-plug onto the root bus is refused (ICH9 has no ACPI root
/// hot-plug); an unplug it handles is announced to the guest and waits for its eject, so the
/// device stays until the guest writes the slot to PCI_EJ (see the hot-plug registers).
/// </summary>
public sealed partial class Ich9Lpc
{
    /// <summary>QEMU's <c>ACPI_PCIHP_PROP_BSEL</c>: the bus's number in the ACPI hot-plug registers.</summary>
    public const string BselProperty = "acpi-pcihp-bsel";

    // QEMU numbers the buses once (the first reset), whatever is plugged later.
    private bool bselAssigned;

    // QEMU's ich9_pm_init: the LPC handles hot-plug on its bus.
    private void InitAcpiPciHotplug()
    {
        if (!acpiPciHotplugWithBridgeSupport || PciBus is not { } bus)
        {
            return;
        }

        bus.SetHotplugHandler(this);
        Context.Qdev.MachineInitDone += AssignBusSelectors;
    }

    // QEMU's acpi_set_pci_info at the LPC's reset: a bus that accepts hot-plug gets the next number,
    // unless its bridge was hot-plugged; the walk is depth first, each bus's child buses newest first.
    private void AssignBusSelectors()
    {
        Context.Qdev.MachineInitDone -= AssignBusSelectors;
        if (bselAssigned || !IsRealized || PciBus is not { } root)
        {
            return;
        }

        bselAssigned = true;
        uint next = 0;
        AssignBusSelectors(root, ref next);
        ResetPciHotplugRegisters();
    }

    private void AssignBusSelectors(PciBus bus, ref uint next)
    {
        if (bus.IsHotpluggable && (bus.ParentDevice is not PciBridge bridge || (!bridge.IsHotplugged && acpiPciHotplugWithBridgeSupport)))
        {
            bus.SetAcpiHotplugSelector(next++);
        }

        foreach (var device in bus.Devices)
        {
            PciBus? child = device switch
            {
                PciBridge { SecondaryBus: { } secondary } => secondary,
                PxbDevice { Host.RootBus: PciBus expander } => expander,
                _ => null,
            };
            if (child is not null)
            {
                AssignBusSelectors(child, ref next);
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>acpi_pcihp_is_hotpluggable_bus</c>: a bridge's bus (a PCIe slot's only with <c>hotplug=on</c>); never the root bus.</remarks>
    bool IHotplugHandler.IsHotpluggableBus(Bus bus) =>
        acpiPciHotplugWithBridgeSupport && bus.ParentDevice is PciBridge bridge && bridge is not PcieSlot { Hotplug: false };

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>acpi_pcihp_device_pre_plug_cb</c>: a hot-plugged function needs a numbered bus.</remarks>
    void IHotplugHandler.PrePlug(Device device)
    {
        if (device is PciDevice { IsHotplugged: true, PciBus: { } bus } && bus.AcpiHotplugSelector is null)
        {
            throw new QomException($"Unsupported bus. Bus doesn't have property '{BselProperty}' set");
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// QEMU's <c>acpi_pcihp_device_plug_cb</c>: a cold-plugged bridge's bus passes to the LPC; a
    /// hot-plugged function is announced to the guest in PCI_UP.
    /// </remarks>
    void IHotplugHandler.Plug(Device device)
    {
        if (!device.IsHotplugged && acpiPciHotplugWithBridgeSupport && device is PciBridge { SecondaryBus: { } secondary })
        {
            secondary.SetHotplugHandler(this);
        }
        else if (device is PciDevice { IsHotplugged: true } function)
        {
            NotePciHotplugEvent(function, plugged: true);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// QEMU's <c>acpi_pcihp_device_unplug_request_cb</c>: the unplug is announced to the guest, which
    /// ejects the function; until then the device stays and its unplug is pending.
    /// </remarks>
    void IHotplugHandler.UnplugRequest(Device device)
    {
        if (device is PciDevice { PciBus: { } bus } && bus.AcpiHotplugSelector is null)
        {
            throw new QomException($"Unsupported bus. Bus doesn't have property '{BselProperty}' set");
        }

        if (device is PciDevice function)
        {
            NotePciHotplugEvent(function, plugged: false);
        }

        device.MarkUnplugPending();
    }
}
