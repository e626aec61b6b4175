using System.Collections.Generic;

namespace QomSharp.Options;

/// <summary>What <see cref="QemuOptsParser.Parse"/> found.</summary>
/// <param name="Options">
/// The name/value pairs in the user's order, repeats included (QemuOpts keeps them all; the last
/// one counts, see <see cref="Get"/>). The implied first value appears under the implied name.
/// <c>id</c> is not among them.
/// </param>
/// <param name="Id">The <c>id=</c> value (the first one), already checked to be well formed; null if none.</param>
/// <param name="HelpRequested">
/// For a group accepting any name: an option named <c>help</c> or <c>?</c> is present (QEMU's
/// <c>qemu_opt_has_help_opt</c>; a bare <c>help</c> item is stored as <c>help=on</c>). For a group
/// with fixed names: a bare <c>help</c>/<c>?</c> item stopped the parse, and
/// <paramref name="Options"/> holds only what preceded it.
/// </param>
/// <param name="Warnings">Deprecation warnings for short-form booleans, in order.</param>
public sealed record QemuOptsResult(
    IReadOnlyList<KeyValuePair<string, string>> Options,
    string? Id,
    bool HelpRequested,
    IReadOnlyList<OptionWarning> Warnings)
{
    /// <summary>The last value given for <paramref name="name"/>, or null (QEMU's <c>qemu_opt_get</c>).</summary>
    public string? Get(string name)
    {
        for (int i = Options.Count - 1; i >= 0; i--)
        {
            if (Options[i].Key == name)
            {
                return Options[i].Value;
            }
        }

        return null;
    }
}
