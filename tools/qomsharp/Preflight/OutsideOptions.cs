using System.Collections.Generic;
using QomSharp.Options;
using QomSharp.Tool.Verdicts;

namespace QomSharp.Tool.Preflight;

/// <summary>
/// The options of a preflight run that the model has nothing behind: each is read with QEMU's syntax
/// (a malformed one fails as in QEMU), then counted once under its name and skipped.
/// </summary>
internal sealed class OutsideOptions
{
    private readonly List<NotCheckedOption> _options = [];

    /// <summary>The skipped options, in first-seen order, each with its count.</summary>
    public IReadOnlyList<NotCheckedOption> Options => _options;

    /// <summary>Reads <paramref name="option"/>'s argument as QEMU does, then counts it under <paramref name="label"/> (its name by default).</summary>
    /// <exception cref="QomException">QEMU's error for a malformed argument.</exception>
    public void Skip(ToolOption option, string? label = null)
    {
        if (option.Value is { } value)
        {
            CheckSyntax(option.Name, value);
        }

        Count(label ?? option.Name);
    }

    /// <summary>Counts an option already read (e.g. a <c>-device</c> of a type the model lacks).</summary>
    public void Count(string label)
    {
        int index = _options.FindIndex(o => o.Option == label);
        if (index < 0)
        {
            _options.Add(new NotCheckedOption(label, 1));
        }
        else
        {
            _options[index] = _options[index] with { Count = _options[index].Count + 1 };
        }
    }

    private static void CheckSyntax(string name, string value)
    {
        switch (name)
        {
            case "-m":
                ToolOptionChecks.Memory(value);
                return;
            case "-name":
                ToolOptionChecks.Name(value);
                return;
            case "-display":
                ToolOptionChecks.Display(value);
                return;
        }

        if (value.StartsWith('{') && (QemuOptionTable.KeyvalImpliedKey(name) is not null || name is "-netdev" or "-device" or "-object"))
        {
            CommandLineJson.Parse(value);
        }
        else if (QemuOptionTable.KeyvalImpliedKey(name) is { } keyvalKey)
        {
            KeyvalParser.Parse(value, keyvalKey.Length == 0 ? null : keyvalKey);
        }
        else if (QemuOptionTable.QemuOptsImpliedKey(name) is { } impliedKey)
        {
            QemuOptsParser.Parse(value, impliedKey.Length == 0 ? null : impliedKey);
        }
    }
}
