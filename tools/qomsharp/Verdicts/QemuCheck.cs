using System.Text.RegularExpressions;

namespace QomSharp.Tool.Verdicts;

/// <summary>
/// One of the checks QEMU runs for an assigned device, known by the error the device model raises
/// when it fails (the model runs the check; this only names it).
/// </summary>
/// <param name="Name">A stable name (<c>address-space</c>), used in the JSON verdict.</param>
/// <param name="Stage"><c>realize</c> (while the device is created) or <c>machine-done</c> (after every device).</param>
/// <param name="Title">What the check asks, for people.</param>
/// <param name="Error">Matches QEMU's error for this check; null for the catch-all first check.</param>
/// <param name="NeedsViommu">Whether QEMU runs it only for a device behind a vIOMMU.</param>
internal sealed record QemuCheck(string Name, string Stage, string Title, Regex? Error, bool NeedsViommu = false);
