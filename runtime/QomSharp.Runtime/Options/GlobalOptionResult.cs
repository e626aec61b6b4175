using System.Collections.Generic;

namespace QomSharp.Options;

/// <summary>What <see cref="GlobalOption.Parse"/> found.</summary>
/// <param name="Option">The global property; null only when <paramref name="HelpRequested"/>.</param>
/// <param name="HelpRequested">A bare <c>help</c>/<c>?</c> asked for the <c>-global</c> option list.</param>
/// <param name="Warnings">Short-form boolean deprecation warnings from the long form.</param>
public sealed record GlobalOptionResult(GlobalOption? Option, bool HelpRequested, IReadOnlyList<OptionWarning> Warnings);
