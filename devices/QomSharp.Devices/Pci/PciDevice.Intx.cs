using QomSharp.Devices.Pci.Config;

namespace QomSharp.Devices.Pci;

/// <summary>
/// The function's INTx pins (QEMU's <c>irq_state</c>, <c>pci_set_irq</c> and <c>pci_irq_handler</c>):
/// a pin's level is kept here and shown in the status register's interrupt bit; unless the command
/// register disables INTx, a change travels up the buses (each bridge's secondary bus swizzling the
/// pin by the slot) to the root bus whose <see cref="IPciIntxRouter"/> counts the asserted pins of
/// each of its lines.
/// </summary>
public abstract partial class PciDevice
{
    private const int StatusInterrupt = 0x08;
    private const int PinCount = 4;

    // One bit a pin (INTA to INTD).
    private byte intxState;

    // The command register's INTx disable bit as the buses' counts last heard of it.
    private bool intxDisabledApplied;

    /// <summary>Whether the function asserts any of its INTx pins (QEMU's <c>irq_state</c> not 0).</summary>
    public bool IsIntxAsserted => intxState != 0;

    /// <summary>
    /// QEMU's <c>pci_set_irq</c>: sets the level of the pin the interrupt pin register names; a
    /// function without one (pin 0) has no INTx.
    /// </summary>
    public void SetIntx(bool level)
    {
        int pin = ConfigSpace.Config[PciRegisters.InterruptPin] - 1;
        if (pin is >= 0 and < PinCount)
        {
            SetIntxPin(pin, level);
        }
    }

    /// <summary>QEMU's <c>pci_device_deassert_intx</c>: every pin lowered (reset, power-off, removal).</summary>
    protected void DeassertIntx()
    {
        for (int pin = 0; pin < PinCount && intxState != 0; pin++)
        {
            SetIntxPin(pin, false);
        }
    }

    // QEMU's pci_irq_handler.
    private void SetIntxPin(int pin, bool level)
    {
        int mask = 1 << pin;
        if (((intxState & mask) != 0) == level)
        {
            return;
        }

        SyncIntxDisabled();
        intxState = (byte)(level ? intxState | mask : intxState & ~mask);
        UpdateInterruptStatus();
        if (!intxDisabledApplied)
        {
            RouteIntx(pin, level ? 1 : -1);
        }
    }

    // QEMU's pci_update_irq_status: the status register's interrupt bit follows the pins.
    private void UpdateInterruptStatus()
    {
        byte[] c = ConfigSpace.Config;
        c[PciRegisters.Status] = (byte)(intxState != 0 ? c[PciRegisters.Status] | StatusInterrupt : c[PciRegisters.Status] & ~StatusInterrupt);
    }

    private static bool IsIntxDisabled(PciConfigSpace config) =>
        (PciConfigSpace.GetWord(config.Config, PciRegisters.Command) & PciRegisters.CommandIntxDisable) != 0;

    // QEMU's pci_update_irq_disabled, which runs within the configuration write: the asserted pins
    // leave (or rejoin) their lines when the command register's INTx disable bit changed. Run
    // after the write and before any pin changes (a model's write may move a pin), which comes to
    // the same.
    private void SyncIntxDisabled()
    {
        if (!IsConfigSpaceBuilt)
        {
            return;
        }

        bool disabled = IsIntxDisabled(ConfigSpace);
        if (disabled == intxDisabledApplied)
        {
            return;
        }

        intxDisabledApplied = disabled;
        for (int pin = 0; pin < PinCount; pin++)
        {
            if ((intxState & (1 << pin)) != 0)
            {
                RouteIntx(pin, disabled ? -1 : 1);
            }
        }
    }

    // QEMU's pci_change_irq_level: up through the bridges and expanders, each bus mapping the pin
    // (its map_irq), to the bus that takes the interrupts (the root bus's router); a root bus
    // without one and without a parent device drops it.
    private void RouteIntx(int pin, int change)
    {
        PciDevice device = this;
        while (device.PciBus is { } bus)
        {
            if (bus.IntxRouter is { } router)
            {
                bus.ChangeIntxCount(router, router.MapIntx(device, pin), change);
                return;
            }

            // A bridge's bus, or an expander's root bus (whose pins go to the expander's bus).
            if (bus.ParentBridge is not { } bridge)
            {
                return;
            }

            pin = bus.MapIntxToParent(device, pin);
            device = bridge;
        }
    }
}
