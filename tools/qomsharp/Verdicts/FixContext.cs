using System.Collections.Generic;

namespace QomSharp.Tool.Verdicts;

/// <summary>What a fix may name: the device, the other device sharing its group, the functions to rebind.</summary>
/// <param name="Libvirt">Whether the configuration came from domain XML (the fix is then said in XML).</param>
/// <param name="Device">The failing device as people know it (its id or host address), if a device failed.</param>
/// <param name="OtherInGroup">The other assigned device of the same IOMMU group, if any.</param>
/// <param name="NotOnVfio">The functions to bind to vfio-pci (the device, the group's functions on a host driver), each with its driver.</param>
internal sealed record FixContext(bool Libvirt, string? Device = null, string? OtherInGroup = null, IReadOnlyList<(string Address, string? Driver)>? NotOnVfio = null);
