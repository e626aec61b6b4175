using System.Collections.Generic;

namespace QomSharp.Tool.Verdicts;

/// <summary>Everything one preflight run found on one host: its verdict, the devices, the errors, what was skipped.</summary>
internal sealed record PreflightReport
{
    /// <summary>The host as its description names it.</summary>
    public required string Host { get; init; }

    /// <summary>The overall verdict (the exit status).</summary>
    public required Verdict Verdict { get; init; }

    /// <summary>One line saying why, for tables: the first error, or "fits".</summary>
    public required string Reason { get; init; }

    /// <summary>Options outside the model, skipped.</summary>
    public IReadOnlyList<NotCheckedOption> NotChecked { get; init; } = [];

    /// <summary>Errors not tied to one assigned device, in QEMU's order.</summary>
    public IReadOnlyList<ConfigurationError> Errors { get; init; } = [];

    /// <summary>One verdict per assigned device, in command-line order.</summary>
    public IReadOnlyList<DeviceVerdict> Devices { get; init; } = [];

    /// <summary>The error QEMU itself would print and stop at (the first failure), if any.</summary>
    public string? QemuWouldPrint { get; init; }
}
