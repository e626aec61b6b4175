using System;
using System.Collections.Generic;
using QomSharp.Options;
using QomSharp.Qdev;

namespace QomSharp.Tool;

/// <summary>
/// The machine's options as QEMU's command line builds them (its <c>machine_opts_dict</c>): each
/// <c>-machine</c> parsed into them, each <c>-smp</c> merged in under <c>smp</c>, <c>-bios</c>,
/// <c>-kernel</c>, <c>-initrd</c>, <c>-append</c> and <c>-shim</c> put as the string members they
/// stand for, and <c>-m</c> merged into <c>memory</c> once every option is read; then checked and
/// set on the machine in QEMU's order. The normal mode and the preflight mode both read the machine through this.
/// </summary>
internal sealed class MachineCommandLine
{
    // The options that stand for one machine property (QEMU's qdict_put_str into the machine options).
    private static readonly Dictionary<string, string> Sugar = new(StringComparer.Ordinal)
    {
        ["-bios"] = "firmware",
        ["-kernel"] = "kernel",
        ["-initrd"] = "initrd",
        ["-append"] = "append",
        ["-shim"] = "shim",
    };

    private readonly KeyvalDict options = new();

    // -m's options as QEMU's "memory" group keeps them (every -m adds to one set; the last value of
    // a key counts), and the first -m, where QEMU reports the merge's error.
    private readonly Dictionary<string, string> memory = new(StringComparer.Ordinal);
    private ToolOption? firstMemoryOption;

    /// <summary>The machine type named so far (empty for the default one).</summary>
    public string MachineName => options.GetString("type") ?? string.Empty;

    /// <summary>Whether <paramref name="option"/> is one this reads.</summary>
    public static bool Reads(ToolOption option) => option.Name is "-machine" or "-smp" or "-m" || Sugar.ContainsKey(option.Name);

    /// <summary>Reads one of the options <see cref="Reads"/> accepts; its errors are QEMU's for that option.</summary>
    /// <exception cref="QomException">The option is malformed or clashes with earlier ones.</exception>
    public void Read(ToolOption option)
    {
        string value = option.Value!;
        switch (option.Name)
        {
            case "-machine":
                // QEMU parses each -machine into the options so far (keyval_parse_into).
                KeyvalParser.ParseInto(options, value, "type");
                break;
            case "-smp":
                // QEMU parses -smp on its own, then merges it under smp (keyval_merge).
                KeyvalParser.Merge(options, KeyvalDict.Nest("smp", KeyvalParser.Parse(value, "cpus").Root));
                break;
            case "-m":
                // Its syntax now, its checks with the machine's (they name no option).
                ToolOptionChecks.Memory(value);
                foreach (var (key, text) in QemuOptsParser.Parse(value, "size", new QemuOptsGroup("memory", ["size", "slots", "maxmem"])).Options)
                {
                    memory[key] = text;
                }

                firstMemoryOption ??= option;
                break;
            default:
                options.PutString(Sugar[option.Name], value);
                break;
        }
    }

    /// <summary>
    /// QEMU's <c>qemu_validate_options</c>, once every option is read: a kernel command line, a shim
    /// or an initial RAM disk needs a kernel. Its errors name no option.
    /// </summary>
    /// <exception cref="QomException">One is given without a kernel.</exception>
    public void Validate()
    {
        if (options.GetString("kernel") is not null)
        {
            return;
        }

        foreach (string member in (ReadOnlySpan<string>)["append", "shim", "initrd"])
        {
            if (options.GetString(member) is not null)
            {
                throw new QomException($"-{member} only allowed with -kernel option");
            }
        }
    }

    /// <summary>
    /// QEMU's <c>parse_memory_options</c>, after <c>-L help</c> is answered: <c>-m</c>'s size (in MiB
    /// without a suffix; 0 leaves the default), <c>maxmem</c> and <c>slots</c> become the members
    /// <c>size</c>, <c>max-size</c> and <c>slots</c> of <c>memory</c>, over what <c>-machine
    /// memory.*</c> gave. A <c>memory</c> that is not a dictionary (<c>-machine memory=x</c>) clashes,
    /// reported at the first <c>-m</c> (at no option without one).
    /// </summary>
    /// <exception cref="ToolError">The merge clashes.</exception>
    public void MergeMemory()
    {
        var members = new KeyvalDict();
        if (memory.TryGetValue("size", out string? size) && QomValueText.ParseOptionSize("size", size) != 0)
        {
            members.PutString("size", char.IsAsciiDigit(size[^1]) ? size + "M" : size);
        }

        if (memory.TryGetValue("maxmem", out string? maxmem))
        {
            members.PutString("max-size", maxmem);
        }

        if (memory.TryGetValue("slots", out string? slots))
        {
            members.PutString("slots", slots);
        }

        try
        {
            KeyvalParser.Merge(options, KeyvalDict.Nest("memory", members));
        }
        catch (QomException failure)
        {
            throw new ToolError(firstMemoryOption?.Location, failure.Message);
        }
    }

    /// <summary>
    /// QEMU's <c>qemu_apply_legacy_machine_options</c> and <c>qemu_apply_machine_options</c>: the
    /// RAM backend's id is kept aside, then every other member is set in the order QEMU walks its
    /// options (<see cref="KeyvalDict.InQdictOrder"/>).
    /// <paramref name="set"/> sets one member (<see cref="Set"/>, or a caller's own handling); the
    /// first failure ends the walk.
    /// </summary>
    public void Apply(Machine machine, Action<Machine, string, KeyvalNode> set)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(set);
        if (options.GetString("memory-backend") is { } backend)
        {
            machine.MemoryBackendId = backend;
        }

        foreach (var (key, value) in options.InQdictOrder())
        {
            if (key is "type" || (key == "memory-backend" && value is KeyvalString))
            {
                continue;
            }

            set(machine, key, value);
        }
    }

    /// <summary>Sets one member on the machine: <c>smp</c> through the topology's checks, any other through its property.</summary>
    public static void Set(Machine machine, string key, KeyvalNode value)
    {
        ArgumentNullException.ThrowIfNull(machine);
        if (key == "smp" && value is KeyvalDict smp)
        {
            machine.SetSmp(QomSharpTool.SmpMembers(smp));
            return;
        }

        machine.SetPropertyValue(key, QomSharpTool.Input(value));
    }
}
