using System;
using System.Collections.Generic;
using QomSharp.Options;
using QomSharp.Qdev;

namespace QomSharp.Tool;

/// <summary>
/// The machine's options as QEMU's command line builds them (its <c>machine_opts_dict</c>): each
/// <c>-machine</c> parsed into them, each <c>-smp</c> merged in under <c>smp</c>, <c>-bios</c>,
/// <c>-kernel</c>, <c>-initrd</c>, <c>-append</c> and <c>-shim</c> put as the string members they
/// stand for, and <c>-m</c> kept for the <c>memory</c> member; then checked and set on the machine
/// in QEMU's order. The normal mode and the preflight mode both read the machine through this.
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

    /// <summary>The machine type named so far (empty for the default one).</summary>
    public string MachineName => options.GetString("type") ?? string.Empty;

    /// <summary>The <c>-m</c> argument (the last one given), if any.</summary>
    public string? Memory { get; private set; }

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
                Memory = value;
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
    /// QEMU's <c>qemu_apply_legacy_machine_options</c> and <c>qemu_apply_machine_options</c>: the
    /// RAM backend's id is kept aside, then every other member is set in the order QEMU walks its
    /// options (<see cref="KeyvalDict.InQdictOrder"/>; <c>-m</c> is merged into <c>memory</c> after
    /// the other options, so a new <c>memory</c> member comes first in its bucket).
    /// <paramref name="set"/> sets one member (<see cref="Set"/>, or a caller's own handling); the
    /// first failure ends the walk.
    /// </summary>
    public void Apply(Machine machine, Action<Machine, string, KeyvalNode?> set)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(set);
        if (options.GetString("memory-backend") is { } backend)
        {
            machine.MemoryBackendId = backend;
        }

        var members = options.InQdictOrder();
        if (Memory is not null && !options.ContainsKey("memory"))
        {
            int bucket = KeyvalDict.QdictBucket("memory");
            int at = members.FindIndex(m => KeyvalDict.QdictBucket(m.Key) >= bucket);
            members.Insert(at < 0 ? members.Count : at, new("memory", null!));
        }

        foreach (var (key, value) in members)
        {
            if (key is "type" || (key == "memory-backend" && value is KeyvalString))
            {
                continue;
            }

            set(machine, key, value);
        }
    }

    /// <summary>
    /// Sets one member on the machine: <c>smp</c> through the topology's checks, <c>memory</c> from
    /// <c>-m</c> and then its own members, any other through its property.
    /// </summary>
    public void Set(Machine machine, string key, KeyvalNode? value)
    {
        ArgumentNullException.ThrowIfNull(machine);
        if (key == "smp" && value is KeyvalDict smp)
        {
            machine.SetSmp(QomSharpTool.SmpMembers(smp));
            return;
        }

        if (key == "memory" && Memory is not null)
        {
            machine.Memory = MachineMemory.Parse(Memory, machine.MachineClass.DefaultRamSize);
            if (value is null)
            {
                return;
            }
        }

        machine.SetPropertyValue(key, QomSharpTool.Input(value!));
    }
}
