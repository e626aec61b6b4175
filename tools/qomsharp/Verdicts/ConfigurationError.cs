namespace QomSharp.Tool.Verdicts;

/// <summary>An error QEMU would report for the configuration as a whole, or for an option that is not an assigned device.</summary>
/// <param name="Location">The option as QEMU prints it before the error, or null when QEMU names none.</param>
/// <param name="Message">QEMU's error text.</param>
/// <param name="Fix">A one-line fix, when one is known.</param>
internal sealed record ConfigurationError(string? Location, string Message, string? Fix);
