using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's chassis registry (<c>pcie_chassis_add_slot</c> / <c>pcie_chassis_del_slot</c>): the
/// (chassis, slot) pairs of the realized PCIe slots, one table per QOM universe (QEMU keeps one per
/// process), so that a new slot is checked without searching the device tree.
/// </summary>
internal static class PcieChassisSlots
{
    private static readonly ConditionalWeakTable<QomContext, HashSet<(byte Chassis, ushort Slot)>> s_taken = new();

    /// <summary>Takes the pair; false when another slot holds it.</summary>
    public static bool TryTake(QomContext context, byte chassis, ushort slot) =>
        s_taken.GetValue(context, static _ => []).Add((chassis, slot));

    /// <summary>Gives the pair back.</summary>
    public static void Release(QomContext context, byte chassis, ushort slot)
    {
        if (s_taken.TryGetValue(context, out var taken))
        {
            taken.Remove((chassis, slot));
        }
    }
}
