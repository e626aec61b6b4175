using System.Collections.Generic;
using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's <c>pcie-slot</c> (abstract): a downstream port with a slot. Each (chassis, slot) pair may
/// be taken once per machine; the port is its bus's hot-plug handler (QEMU's <c>pcie_cap_slot_init</c>),
/// and that bus accepts hot-plug unless <c>hotplug=off</c>.
/// </summary>
[QomType("pcie-slot", Abstract = true)]
public abstract partial class PcieSlot : PciePort, IHotplugHandler
{
    // QEMU reports pcie_chassis_add_slot's -EBUSY as a bare errno.
    private const int ErrorBusy = -16;

    /// <summary>The chassis number.</summary>
    [QomProperty("chassis", Default = 0)]
    public partial byte Chassis { get; set; }

    /// <summary>The physical slot number within the chassis.</summary>
    [QomProperty("slot", Default = 0)]
    public partial ushort Slot { get; set; }

    /// <summary>Whether the slot supports hot-plug.</summary>
    [QomProperty("hotplug", Default = true)]
    public partial bool Hotplug { get; set; }

    /// <summary>Compat knob (machine types up to 6.1): hide native hot-plug from the guest.</summary>
    [QomProperty("x-do-not-expose-native-hotplug-cap", Default = false)]
    public partial bool HideNativeHotplugCap { get; set; }

    /// <inheritdoc/>
    protected override bool AcceptsHotplug => true;

    /// <inheritdoc/>
    bool IHotplugHandler.IsHotpluggableBus(Bus bus) => Hotplug;

    // The (chassis, slot) pair this slot holds in the registry while it is realized.
    private (byte Chassis, ushort Slot)? heldSlot;

    /// <inheritdoc/>
    protected override void CheckBridge()
    {
        if (!PcieChassisSlots.TryTake(Context, Chassis, Slot))
        {
            throw new QomException($"Can't add chassis slot, error {ErrorBusy}");
        }

        heldSlot = (Chassis, Slot);
        base.CheckBridge();
    }

    /// <inheritdoc/>
    protected override void RealizeFunction()
    {
        try
        {
            base.RealizeFunction();
        }
        catch (QomException)
        {
            // QEMU's rp_realize gives the slot back when a later step fails.
            ReleaseSlot();
            throw;
        }
    }

    /// <inheritdoc/>
    protected override void ExitFunction()
    {
        ReleaseSlot();
        base.ExitFunction();
    }

    private void ReleaseSlot()
    {
        if (heldSlot is { } held)
        {
            PcieChassisSlots.Release(Context, held.Chassis, held.Slot);
            heldSlot = null;
        }
    }
}
