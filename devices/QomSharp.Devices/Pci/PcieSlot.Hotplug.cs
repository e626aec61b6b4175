using QomSharp.Devices.Pci.Config;
using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>
/// Native PCI Express hot-plug through the slot registers, as QEMU 10.0's <c>pcie_cap_slot_*</c>
/// callbacks do it when the slot is its bus's hot-plug handler: a cold-plugged function makes the
/// slot present (powered at reset); a hot-plugged function 0 presses the attention button; an unplug
/// request presses it too and leaves the function to the guest, which removes it by turning the
/// power indicator and the power controller off (a slot already off is emptied at once, as is a
/// lone function whose function 0 never came). The guest's electromechanical interlock refuses
/// plug and unplug while it holds, and an unplug while the guest blinks the power indicator.
/// </summary>
public abstract partial class PcieSlot
{
    /// <summary>Where the function's PCI Express capability starts in its configuration space.</summary>
    protected abstract int ExpressCapabilityOffset { get; }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>pcie_cap_slot_pre_plug_cb</c>.</remarks>
    void IHotplugHandler.PrePlug(Device device)
    {
        var config = ConfigSpace;
        int offset = ExpressCapabilityOffset;
        if (device.IsHotplugged && (PciConfigSpace.GetWord(config.Config, offset + PciExpressCapabilities.SlotCapabilities) & PciExpressCapabilities.SlotCapabilityHotplugCapable) == 0)
        {
            throw new QomException($"Hot-plug failed: unsupported by the port device '{Id ?? "(null)"}'");
        }

        CheckInterlock(config, offset);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// QEMU's <c>pcie_cap_slot_plug_cb</c>: a cold-plugged function only shows the slot present (the
    /// configuration space, once built, shows it by itself); a hot-plugged function 0 also signals
    /// the presence change and presses the attention button.
    /// </remarks>
    void IHotplugHandler.Plug(Device device)
    {
        if (device is not PciDevice function)
        {
            return;
        }

        if (!function.IsHotplugged)
        {
            if (IsConfigSpaceBuilt)
            {
                // Built before the board was complete: the machine's reset, which comes after every
                // cold plug, powers a populated slot.
                PciExpressCapabilities.SetPresent(ConfigSpace, ExpressCapabilityOffset, function.PcieLinkStatusDllla);
                if (IsPopulatedAtReset)
                {
                    PciExpressCapabilities.PowerOnAtReset(ConfigSpace, ExpressCapabilityOffset);
                }
            }

            return;
        }

        if (SecondaryBus?.FunctionZeroOf(function.Devfn) is { } functionZero)
        {
            var config = ConfigSpace;
            PciExpressCapabilities.SetPresent(config, ExpressCapabilityOffset, functionZero.PcieLinkStatusDllla);
            PciExpressCapabilities.SlotEvent(config, ExpressCapabilityOffset, PciExpressCapabilities.SlotStatusPresenceChanged | PciExpressCapabilities.SlotStatusAttentionButton);
        }

        // The function comes in as the slot's power controller is: off, it stays hidden until the guest powers the slot.
        UpdatePower(ConfigSpace, ExpressCapabilityOffset);
    }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>pcie_cap_slot_unplug_request_cb</c>.</remarks>
    void IHotplugHandler.UnplugRequest(Device device)
    {
        var config = ConfigSpace;
        int offset = ExpressCapabilityOffset;
        byte[] c = config.Config;
        if ((PciConfigSpace.GetWord(c, offset + PciExpressCapabilities.SlotCapabilities) & PciExpressCapabilities.SlotCapabilityHotplugCapable) == 0)
        {
            throw new QomException($"Hot-unplug failed: unsupported by the port device '{Id ?? "(null)"}'");
        }

        CheckInterlock(config, offset);
        int control = PciConfigSpace.GetWord(c, offset + PciExpressCapabilities.SlotControl);
        if ((control & PciExpressCapabilities.SlotControlPowerIndicator) == PciExpressCapabilities.PowerIndicatorBlink)
        {
            throw new QomException("Hot-unplug failed: guest is busy (power indicator blinking)");
        }

        device.MarkUnplugPending();

        // A function whose function 0 never came was never seen by the guest: it goes at once.
        if (device is PciDevice { Devfn: not 0 } function && SecondaryBus?[0] is null)
        {
            UnplugFunction(function);
            return;
        }

        if ((control & PciExpressCapabilities.SlotControlPowerIndicator) == PciExpressCapabilities.PowerIndicatorOff
            && (control & PciExpressCapabilities.SlotControlPowerOff) != 0)
        {
            // The slot is off: emptied without asking the guest.
            UnplugSlot(config, offset);
            PciConfigSpace.SetWord(c, offset + PciExpressCapabilities.SlotStatus,
                PciConfigSpace.GetWord(c, offset + PciExpressCapabilities.SlotStatus) & ~PciExpressCapabilities.SlotStatusAttentionButton);
            return;
        }

        PciExpressCapabilities.SlotEvent(config, offset, PciExpressCapabilities.SlotStatusAttentionButton);
    }

    /// <summary>
    /// QEMU's <c>pcie_cap_slot_write_config</c>, after the masked write of <paramref name="value"/>
    /// (<paramref name="length"/> bytes at <paramref name="address"/>) changed the registers from
    /// <paramref name="oldControl"/> and <paramref name="oldStatus"/>: the guest's slot commands.
    /// </summary>
    protected void SlotWriteConfig(PciConfigSpace config, int oldControl, int oldStatus, int address, uint value, int length)
    {
        System.ArgumentNullException.ThrowIfNull(config);
        int offset = ExpressCapabilityOffset;
        if (PciExpressCapabilities.SlotWrite(config, offset, oldControl, oldStatus, address, value, length))
        {
            UnplugSlot(config, offset);
        }

        if (Overlaps(address, length, offset + PciExpressCapabilities.SlotControl))
        {
            PciExpressCapabilities.SlotEvent(config, offset, PciExpressCapabilities.SlotStatusCommandCompleted);
            UpdatePower(config, offset);
        }
    }

    // QEMU's pcie_cap_update_power: the functions in the slot are powered unless the slot has a
    // power controller and the guest turned it off.
    private void UpdatePower(PciConfigSpace config, int offset)
    {
        byte[] c = config.Config;
        bool power = (PciConfigSpace.GetLong(c, offset + PciExpressCapabilities.SlotCapabilities) & PciExpressCapabilities.SlotCapabilityPowerController) == 0
            || (PciConfigSpace.GetWord(c, offset + PciExpressCapabilities.SlotControl) & PciExpressCapabilities.SlotControlPowerOff) == 0;
        if (SecondaryBus is { } bus)
        {
            for (int devfn = 0; devfn < 256; devfn++)
            {
                bus[devfn]?.SetPower(power);
            }
        }
    }

    /// <summary>Whether the slot is present at reset: a cold-plugged function 0 on a bus this slot handles.</summary>
    protected bool IsPopulatedAtReset => SecondaryBus?[0] is { IsHotplugged: false };

    /// <summary>
    /// Whether a cold-plugged function made the slot present (QEMU sets presence at each cold plug
    /// the slot handles), and whether one of them also set the link's data-link-layer-active bit.
    /// </summary>
    protected bool ColdPluggedPresence(out bool linkActive)
    {
        linkActive = false;
        bool present = false;
        if (SecondaryBus is { } bus && ReferenceEquals(bus.HotplugHandler, this))
        {
            for (int devfn = 0; devfn < 256; devfn++)
            {
                if (bus[devfn] is { IsHotplugged: false } function)
                {
                    present = true;
                    linkActive |= function.PcieLinkStatusDllla;
                }
            }
        }

        return present;
    }

    private static bool Overlaps(int address, int length, int register) => address < register + 2 && register < address + length;

    private static void CheckInterlock(PciConfigSpace config, int offset)
    {
        if ((PciConfigSpace.GetWord(config.Config, offset + PciExpressCapabilities.SlotStatus) & PciExpressCapabilities.SlotStatusInterlock) != 0)
        {
            // QEMU's error_setg_errno with EBUSY.
            throw new QomException("slot is electromechanically locked: Device or resource busy");
        }
    }

    // QEMU's pcie_cap_slot_do_unplug: every function goes, the slot is empty and says so.
    private void UnplugSlot(PciConfigSpace config, int offset)
    {
        if (SecondaryBus is { } bus)
        {
            for (int devfn = 0; devfn < 256; devfn++)
            {
                if (bus[devfn] is { } function)
                {
                    UnplugFunction(function);
                }
            }
        }

        PciExpressCapabilities.SetAbsent(config, offset, PcieLinkStatusDllla);
    }

    // QEMU's pcie_unplug_device: through the function's hot-plug handler, then out of the tree.
    private static void UnplugFunction(PciDevice function)
    {
        if (function.HotplugHandler is { } handler)
        {
            handler.Unplug(function);
        }
        else
        {
            function.Unparent();
        }
    }
}
