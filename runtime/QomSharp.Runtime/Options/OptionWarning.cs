namespace QomSharp.Options;

/// <summary>
/// A warning QEMU prints while parsing options (with <c>warning: </c> before <see cref="Message"/>),
/// returned instead of printed so the caller decides where it goes.
/// </summary>
/// <param name="Message">The warning, e.g. <c>short-form boolean option 'noaus' deprecated</c>.</param>
/// <param name="Hint">The advice QEMU prints on the next line, ending in a newline as QEMU's does.</param>
public sealed record OptionWarning(string Message, string Hint);
