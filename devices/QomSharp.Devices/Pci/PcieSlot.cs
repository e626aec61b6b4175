using System.Collections.Generic;
using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's <c>pcie-slot</c> (abstract): a downstream port with a slot. Each (chassis, slot) pair may
/// be taken once per machine; the port handles hot-plug on its bus unless <c>hotplug=off</c>.
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
    protected override bool AcceptsHotplug => Hotplug;

    /// <inheritdoc/>
    protected override void CheckBridge()
    {
        if (Context.ResolvePath("/machine") is Machine machine && SlotIsTaken(machine.MainSystemBus))
        {
            throw new QomException($"Can't add chassis slot, error {ErrorBusy}");
        }

        base.CheckBridge();
    }

    // The chassis registry is the tree itself: every realized slot below the main system bus.
    private bool SlotIsTaken(Bus bus)
    {
        foreach (var device in bus.Devices)
        {
            if (device is PcieSlot other && other != this && other.IsRealized && other.Chassis == Chassis && other.Slot == Slot)
            {
                return true;
            }

            foreach (var child in device.ChildBuses)
            {
                if (SlotIsTaken(child))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
