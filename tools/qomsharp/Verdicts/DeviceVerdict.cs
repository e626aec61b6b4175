using System.Collections.Generic;

namespace QomSharp.Tool.Verdicts;

/// <summary>The verdict for one assigned device (<c>-device vfio-pci</c>): what it is on the host, each check, the fix.</summary>
internal sealed record DeviceVerdict
{
    /// <summary>The <c>-device</c> option as given.</summary>
    public required string Option { get; init; }

    /// <summary>The device's id, if it has one.</summary>
    public string? Id { get; init; }

    /// <summary>The host function as given (<c>host=</c> or the last part of <c>sysfsdev=</c>), if any.</summary>
    public string? HostAddress { get; init; }

    /// <summary>The host's description of the function, if the host has it.</summary>
    public string? HostDescription { get; init; }

    /// <summary>Vendor and device ids, <c>10de:2331</c>, if the host has the function.</summary>
    public string? HostIds { get; init; }

    /// <summary>The host driver bound to the function, if any and if the host says.</summary>
    public string? HostDriver { get; init; }

    /// <summary>The IOMMU unit translating the function's DMA.</summary>
    public string? IommuUnit { get; init; }

    /// <summary>The function's IOMMU group.</summary>
    public int? IommuGroup { get; init; }

    /// <summary>The group's other functions.</summary>
    public IReadOnlyList<GroupMember> GroupMembers { get; init; } = [];

    /// <summary><c>legacy</c> (VFIO container) or <c>iommufd</c>.</summary>
    public required string Backend { get; init; }

    /// <summary>The address width the host IOMMU gives the device, as QEMU computes it.</summary>
    public int? HostAwBits { get; init; }

    /// <summary>The vIOMMU's <c>aw-bits</c>, when the device is behind one.</summary>
    public int? ViommuAwBits { get; init; }

    /// <summary>The vIOMMU's QOM type, when the device is behind one.</summary>
    public string? Viommu { get; init; }

    /// <summary>The device's verdict.</summary>
    public required Verdict Verdict { get; init; }

    /// <summary>QEMU's checks for this device, in QEMU's order.</summary>
    public required IReadOnlyList<CheckResult> Checks { get; init; }

    /// <summary>QEMU's error, as QEMU prints it, when a check failed.</summary>
    public string? Error { get; init; }

    /// <summary>Why the device could not be checked, when it could not.</summary>
    public string? NotCheckedReason { get; init; }

    /// <summary>A one-line fix, when one is known.</summary>
    public string? Fix { get; init; }
}
