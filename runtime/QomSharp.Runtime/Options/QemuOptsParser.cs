using System;
using System.Collections.Generic;

namespace QomSharp.Options;

/// <summary>
/// QEMU's QemuOpts syntax (<c>util/qemu-option.c</c>), used by <c>-device</c>, <c>-global</c> and HMP
/// <c>device_add</c>: comma-separated <c>name=value</c> items where <c>,,</c> stands for a comma in a
/// value, an optional bare first value for the implied option, deprecated short-form booleans
/// (<c>name</c> = <c>name=on</c>, <c>noname</c> = <c>name=off</c>), bare <c>help</c>/<c>?</c>, and an
/// <c>id=</c> that is taken out and checked. Errors carry QEMU's exact text.
/// </summary>
public static class QemuOptsParser
{
    /// <summary>The hint QEMU appends to a malformed id.</summary>
    public const string IdentifierHint = "Identifiers consist of letters, digits, '-', '.', '_', starting with a letter.\n";

    /// <summary>
    /// Parses <paramref name="input"/>. With <paramref name="impliedName"/> (<c>driver</c> for
    /// <c>-device</c>), a first item without <c>=</c> is the value of that option, <c>,,</c> escapes
    /// included. With a <paramref name="group"/>, names it does not accept fail, a bare <c>help</c>
    /// stops a fixed-name group's parse, and the id must be unused in the group; it is registered
    /// there when the parse succeeds without a help request.
    /// </summary>
    /// <exception cref="QomException">A malformed or duplicate id, or a name the group does not accept.</exception>
    public static QemuOptsResult Parse(string input, string? impliedName = null, QemuOptsGroup? group = null)
    {
        ArgumentNullException.ThrowIfNull(input);

        // QEMU finds the id in a separate pass that knows nothing of the implied name, and checks it
        // before looking at any other option.
        string? id = FindId(input);
        if (id is not null)
        {
            if (group is null)
            {
                CheckWellFormedId(id);
            }
            else
            {
                group.CheckAvailable(id);
            }
        }

        bool fixedNames = group is { AcceptsAnyName: false };
        // Held in an array as long as the items can be (a comma more than the input has), trimmed
        // only when fewer went in (an id, an escaped comma): a command line of many -device options
        // keeps one array a device and no list.
        var options = new KeyValuePair<string, string>[input.AsSpan().Count(',') + 1];
        int count = 0;
        List<OptionWarning>? warnings = null;
        var reader = new QemuOptsReader(input, impliedName);
        while (reader.Read())
        {
            bool isHelp = reader.IsHelp;
            if (reader.IsFlag && !isHelp)
            {
                (warnings ??= []).Add(ShortFormBooleanWarning(reader.IsNegatedFlag ? "no" : "", reader.Name.ToString(), reader.ValueString()));
            }

            if (fixedNames && isHelp)
            {
                return new QemuOptsResult(Trimmed(options, count), id, HelpRequested: true, (IReadOnlyList<OptionWarning>?)warnings ?? []);
            }

            if (reader.Name is "id")
            {
                continue;
            }

            string name = reader.IsImplied ? impliedName! : group?.Intern(reader.Name) ?? reader.Name.ToString();
            if (group is not null && !group.Accepts(name))
            {
                throw new QomException($"Invalid parameter '{name}'");
            }

            // The implied value (a -device's driver) repeats across a command line as names do.
            string value = reader.IsImplied && reader.IsValueVerbatim && group is not null
                ? group.Intern(input.AsSpan(reader.ValueStart, reader.ValueLength))
                : reader.ValueString();
            options[count++] = new KeyValuePair<string, string>(name, value);
        }

        options = Trimmed(options, count);
        bool helpOptionPresent = false;
        if (!fixedNames)
        {
            foreach (var option in options)
            {
                helpOptionPresent |= OptionSyntax.IsHelpOption(option.Key);
            }
        }

        if (group is not null && id is not null)
        {
            group.Add(id);
        }

        return new QemuOptsResult(options, id, helpOptionPresent, (IReadOnlyList<OptionWarning>?)warnings ?? []);
    }

    private static KeyValuePair<string, string>[] Trimmed(KeyValuePair<string, string>[] options, int count) =>
        count == options.Length ? options : options.AsSpan(0, count).ToArray();

    /// <summary>
    /// Whether <see cref="Parse"/> of <paramref name="input"/> without a group would set
    /// <see cref="QemuOptsResult.HelpRequested"/> (an item named <c>help</c> or <c>?</c>), found
    /// without building the result. It fails as that parse fails: on a malformed id.
    /// </summary>
    /// <exception cref="QomException">A malformed id.</exception>
    public static bool RequestsHelp(string input, string? impliedName = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (FindId(input) is { } id)
        {
            CheckWellFormedId(id);
        }

        var reader = new QemuOptsReader(input, impliedName);
        while (reader.Read())
        {
            if (reader.Name is "help" or "?")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Fails with QEMU's message and hint unless <paramref name="id"/> is well formed (2.24).</summary>
    public static void CheckWellFormedId(string id)
    {
        if (!QomTypeNames.IsWellFormedId(id))
        {
            throw new QomException("Parameter 'id' expects an identifier", hint: IdentifierHint);
        }
    }

    /// <summary>The value of the first item named <c>id</c>, reading every item as named (QEMU's <c>opts_parse_id</c>).</summary>
    private static string? FindId(string input)
    {
        var reader = new QemuOptsReader(input);
        while (reader.Read())
        {
            if (reader.Name is "id")
            {
                return reader.ValueString();
            }
        }

        return null;
    }

    private static OptionWarning ShortFormBooleanWarning(string prefix, string name, string value)
    {
        // "delay" is special-cased by QEMU: the real option is "nodelay", so the advice is inverted.
        string advice = name == "delay"
            ? $"Please use nodelay={(prefix.Length > 0 ? "on" : "off")} instead\n"
            : $"Please use {name}={value} instead\n";
        return new OptionWarning($"short-form boolean option '{prefix}{name}' deprecated", advice);
    }
}
