namespace QomSharp.Tool.Verdicts;

/// <summary>Another function of an assigned device's IOMMU group, with the host driver bound to it.</summary>
/// <param name="Address">Its host address.</param>
/// <param name="Description">What it is, when the host says.</param>
/// <param name="Driver">Its host driver, or null when none is bound or the host does not say.</param>
/// <param name="AssignedAs">The id (or option) of the device in this configuration that assigns it, if any.</param>
internal sealed record GroupMember(string Address, string? Description, string? Driver, string? AssignedAs);
