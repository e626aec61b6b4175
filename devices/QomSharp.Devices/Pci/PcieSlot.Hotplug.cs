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
            SlotEvent(config, PciExpressCapabilities.SlotStatusPresenceChanged | PciExpressCapabilities.SlotStatusAttentionButton);

            // The functions come in as the slot's power controller is: off, they stay hidden until the guest powers the slot.
            UpdatePower(config, ExpressCapabilityOffset);
        }
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
            HotplugEventNotify(config);
            PciConfigSpace.SetWord(c, offset + PciExpressCapabilities.SlotStatus,
                PciConfigSpace.GetWord(c, offset + PciExpressCapabilities.SlotStatus) & ~PciExpressCapabilities.SlotStatusAttentionButton);
            return;
        }

        SlotEvent(config, PciExpressCapabilities.SlotStatusAttentionButton);
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
        bool unplug = PciExpressCapabilities.SlotWrite(config, offset, oldControl, oldStatus, address, value, length);
        if (Overlaps(address, length, offset + PciExpressCapabilities.SlotStatus))
        {
            HotplugEventClear(config);
        }

        if (!Overlaps(address, length, offset + PciExpressCapabilities.SlotControl))
        {
            return;
        }

        if (unplug)
        {
            UnplugSlot(config, offset);
        }

        UpdatePower(config, offset);
        HotplugEventNotify(config);
        SlotEvent(config, PciExpressCapabilities.SlotStatusCommandCompleted);
    }

    // QEMU's hpev_notified: the slot has an event the guest enabled, with hot-plug interrupts on.
    private bool hotplugEventNotified;

    // The events a slot can notify: attention button, power fault, MRL sensor, presence and command completed.
    private const int NotifiableEvents = 0x1f;

    // The hot-plug interrupt enable in the slot control.
    private const int HotplugInterruptEnable = 0x20;

    private bool HotplugEventPending(PciConfigSpace config)
    {
        int control = PciConfigSpace.GetWord(config.Config, ExpressCapabilityOffset + PciExpressCapabilities.SlotControl);
        int status = PciConfigSpace.GetWord(config.Config, ExpressCapabilityOffset + PciExpressCapabilities.SlotStatus);
        return (control & HotplugInterruptEnable) != 0 && (status & control & NotifiableEvents) != 0;
    }

    /// <summary>
    /// QEMU's <c>pcie_cap_slot_event</c>: sets the event bits in the slot status; when that changed
    /// something, the guest is notified if it asked to be (<see cref="HotplugEventNotify"/>).
    /// </summary>
    private void SlotEvent(PciConfigSpace config, int events)
    {
        int at = ExpressCapabilityOffset + PciExpressCapabilities.SlotStatus;
        int status = PciConfigSpace.GetWord(config.Config, at);
        PciConfigSpace.SetWord(config.Config, at, status | events);
        if ((status & events) != events)
        {
            HotplugEventNotify(config);
        }
    }

    // QEMU's hotplug_event_notify: when whether an enabled event is pending changes, the port's
    // interrupt (MSI-X vector, else INTx level) says so.
    private void HotplugEventNotify(PciConfigSpace config)
    {
        bool previous = hotplugEventNotified;
        hotplugEventNotified = HotplugEventPending(config);
        if (previous != hotplugEventNotified)
        {
            SignalHotplugEvent(hotplugEventNotified);
        }
    }

    // QEMU's hotplug_event_clear: after the guest cleared events, INTx goes down once none is left.
    private void HotplugEventClear(PciConfigSpace config)
    {
        hotplugEventNotified = HotplugEventPending(config);
        if (!hotplugEventNotified)
        {
            ClearHotplugInterrupt();
        }
    }

    /// <summary>
    /// Sends the hot-plug notification: <paramref name="level"/> is whether an enabled event is now
    /// pending (an MSI-X message is sent on either change, as QEMU does; INTx follows the level).
    /// </summary>
    protected abstract void SignalHotplugEvent(bool level);

    /// <summary>Lowers the INTx line when it carries the hot-plug interrupt (not with MSI-X enabled).</summary>
    protected abstract void ClearHotplugInterrupt();

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
