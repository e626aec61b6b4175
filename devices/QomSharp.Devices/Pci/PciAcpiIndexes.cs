using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's table of the acpi-index values in use (<c>pci_acpi_index_list</c>): one per QOM universe,
/// since QEMU keeps one per process.
/// </summary>
internal static class PciAcpiIndexes
{
    /// <summary>The largest index (<c>ONBOARD_INDEX_MAX</c>, systemd's limit).</summary>
    public const uint Max = 16 * 1024 - 1;

    private static readonly ConditionalWeakTable<QomContext, HashSet<uint>> s_used = new();

    /// <summary>Takes <paramref name="index"/>; false when another function holds it.</summary>
    public static bool TryTake(QomContext context, uint index) => s_used.GetValue(context, static _ => []).Add(index);

    /// <summary>Gives <paramref name="index"/> back.</summary>
    public static void Release(QomContext context, uint index)
    {
        if (s_used.TryGetValue(context, out HashSet<uint>? used))
        {
            used.Remove(index);
        }
    }
}
