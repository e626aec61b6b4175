namespace QomSharp.Tool.Verdicts;

/// <summary>One of QEMU's checks for one assigned device: what the model answered and, when it failed, QEMU's error.</summary>
/// <param name="Check">Which check.</param>
/// <param name="Outcome">What the model answered.</param>
/// <param name="Error">QEMU's error text when <paramref name="Outcome"/> is <see cref="CheckOutcome.Fail"/>.</param>
internal sealed record CheckResult(QemuCheck Check, CheckOutcome Outcome, string? Error = null);
