namespace QomSharp.Options;

/// <summary>What <see cref="KeyvalParser.Parse"/> found: the tree, and whether a bare <c>help</c>/<c>?</c> asked for help.</summary>
/// <param name="Root">The parsed keys and values (never a list at the root).</param>
/// <param name="HelpRequested">
/// True when a bare <c>help</c> or <c>?</c> element was present; the other elements are still parsed
/// so the caller can print context-specific help.
/// </param>
public sealed record KeyvalResult(KeyvalDict Root, bool HelpRequested);
