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
        var options = new List<KeyValuePair<string, string>>();
        var warnings = new List<OptionWarning>();
        string? firstName = impliedName;
        int position = 0;
        while (position < input.Length)
        {
            Item item = ReadItem(input, position, firstName);
            position = item.Next;
            firstName = null;
            if (item.Warning is { } warning)
            {
                warnings.Add(warning);
            }

            if (fixedNames && item.IsHelp)
            {
                return new QemuOptsResult(options, id, HelpRequested: true, warnings);
            }

            if (item.Name == "id")
            {
                continue;
            }

            if (group is not null && !group.Accepts(item.Name))
            {
                throw new QomException($"Invalid parameter '{item.Name}'");
            }

            options.Add(new KeyValuePair<string, string>(item.Name, item.Value));
        }

        bool helpOptionPresent = !fixedNames && options.Exists(option => OptionSyntax.IsHelpOption(option.Key));
        if (group is not null && id is not null)
        {
            group.Add(id);
        }

        return new QemuOptsResult(options, id, helpOptionPresent, warnings);
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
        int position = 0;
        while (position < input.Length)
        {
            Item item = ReadItem(input, position, firstName: null);
            if (item.Name == "id")
            {
                return item.Value;
            }

            position = item.Next;
        }

        return null;
    }

    /// <summary>Reads the item at <paramref name="start"/> (QEMU's <c>get_opt_name_value</c>).</summary>
    private static Item ReadItem(string input, int start, string? firstName)
    {
        int nameStop = OptionSyntax.IndexOfEqualsOrComma(input, start);
        string name;
        string value;
        int stop;
        bool isHelp = false;
        OptionWarning? warning = null;
        if (nameStop < input.Length && input[nameStop] == '=')
        {
            name = input[start..nameStop];
            value = OptionSyntax.ReadCommaEscapedValue(input, nameStop + 1, out stop);
        }
        else if (firstName is not null)
        {
            name = firstName;
            value = OptionSyntax.ReadCommaEscapedValue(input, start, out stop);
        }
        else
        {
            // A bare name is a flag; its name ends at the first comma, ",," notwithstanding.
            name = input[start..nameStop];
            stop = nameStop;
            string prefix = "";
            if (name.StartsWith("no", StringComparison.Ordinal))
            {
                name = name[2..];
                value = "off";
                prefix = "no";
            }
            else
            {
                value = "on";
                isHelp = OptionSyntax.IsHelpOption(name);
            }

            if (!isHelp)
            {
                warning = ShortFormBooleanWarning(prefix, name, value);
            }
        }

        int next = stop < input.Length && input[stop] == ',' ? stop + 1 : stop;
        return new Item(name, value, isHelp, warning, next);
    }

    private static OptionWarning ShortFormBooleanWarning(string prefix, string name, string value)
    {
        // "delay" is special-cased by QEMU: the real option is "nodelay", so the advice is inverted.
        string advice = name == "delay"
            ? $"Please use nodelay={(prefix.Length > 0 ? "on" : "off")} instead\n"
            : $"Please use {name}={value} instead\n";
        return new OptionWarning($"short-form boolean option '{prefix}{name}' deprecated", advice);
    }

    private readonly record struct Item(string Name, string Value, bool IsHelp, OptionWarning? Warning, int Next);
}
