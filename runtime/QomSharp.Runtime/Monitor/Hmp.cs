using System;
using System.Text;
using QomSharp.Qdev;

namespace QomSharp.Monitor;

/// <summary>
/// The human monitor commands reachable through QMP's <c>human-monitor-command</c>:
/// <c>info qom-tree [path]</c>, <c>info qtree</c>, <c>info pci</c>, <c>info mtree</c>, <c>info lapic [apic-id]</c>, <c>device_add</c> (with
/// <c>help</c> and <c>T,help</c>), <c>device_del</c>, <c>qom-list [path]</c>, <c>qom-get path property</c>, <c>info status</c>,
/// <c>stop</c> (<c>s</c>), <c>cont</c> (<c>c</c>), <c>system_wakeup</c>, <c>system_powerdown</c>, <c>system_reset</c>.
/// Errors are printed, as HMP does, not thrown.
/// </summary>
public static class Hmp
{
    /// <summary>Runs one command line and returns what the monitor prints.</summary>
    public static string Execute(QomContext context, string commandLine)
    {
        var words = commandLine.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return string.Empty;
        }

        try
        {
            switch (words[0])
            {
                case "info" when words.Length >= 2 && words[1] == "qom-tree":
                    return TreePrinter.QomTree(context, words.Length > 2 ? words[2] : null);
                case "info" when words.Length >= 2 && words[1] == "cpus":
                    return Qmp.Commands.QueryCpus.InfoCpus(context);
                case "info" when words.Length >= 2 && words[1] == "mtree":
                    return InfoMtree(context, words.AsSpan(2));
                case "info" when words.Length >= 2 && words[1] == "pci":
                    return PciText.InfoPci(context);
                case "device_add":
                    return DeviceAdd(context, words.Length > 1 ? words[1] : string.Empty);
                case "device_del":
                    return DeviceDel(context, words);
                case "info" when words.Length >= 2 && words[1] == "lapic":
                    return InfoLapic(context, commandLine);
                case "info" when words.Length >= 2 && words[1] == "status":
                    return words.Length > 2 ? Extraneous("status", "info status") : InfoStatus(context.Qdev.RunState);
                case "stop" or "s":
                    return words.Length > 1 ? Extraneous("stop|s", words[0]) : Run(context.Qdev.Stop);
                case "cont" or "c":
                    return words.Length > 1 ? Extraneous("cont|c", words[0]) : Run(context.Qdev.Continue);
                case "system_wakeup":
                    return words.Length > 1 ? Extraneous(words[0], words[0]) : Run(context.Qdev.RequestWakeup);
                case "system_powerdown":
                    return words.Length > 1 ? Extraneous(words[0], words[0]) : Run(context.Qdev.RequestPowerdown);
                case "system_reset":
                    return words.Length > 1 ? Extraneous(words[0], words[0]) : Run(() => context.Qdev.RequestReset(guest: false, "host-qmp-system-reset"));
                case "info" when words.Length >= 2 && words[1] is "migrate" or "migrate_capabilities":
                    return HmpMigration.Info(context, words);
                case "migrate_set_capability":
                    return HmpMigration.SetCapability(context, words);
                case "migrate_incoming":
                    return HmpMigration.Incoming(context, words);
                case "info" when words.Length >= 2 && words[1] == "qtree":
                    return context.ResolvePath("/machine") is Machine machine ? TreePrinter.QTree(machine) : string.Empty;
                case "info":
                    return words.Length < 2 ? "info command needs an argument\n" : $"unknown command: 'info {words[1]}'\n";
                case "qom-list":
                    return QomList(context, words.Length > 1 ? words[1] : "/");
                case "qom-get" when words.Length == 3:
                    var obj = context.ResolvePath(words[1]) ?? throw new QomException($"Device '{words[1]}' not found");
                    return (obj.GetPropertyValue(words[2])?.ToJsonString() ?? "null") + "\n";
                default:
                    return $"unknown command: '{words[0]}'\n";
            }
        }
        catch (QomException error)
        {
            return "Error: " + error.Message + "\n";
        }
    }

    // A command that takes no arguments given some: its name as HMP's table spells it (with its
    // alias), then the help command for the name as typed.
    private static string Extraneous(string name, string typed) =>
        $"{name}: extraneous characters at the end of line\nTry \"help {typed}\" for more information\n";

    // HMP device_del ID: QMP's device_del (an id or a QOM path).
    private static string DeviceDel(QomContext context, string[] words)
    {
        if (words.Length < 2)
        {
            return "device_del: string expected\nTry \"help device_del\" for more information\n";
        }

        if (words.Length > 2)
        {
            return Extraneous("device_del", "device_del");
        }

        QdevMonitor.DeviceDelete(context, words[1]);
        return string.Empty;
    }

    private static string Run(Action action)
    {
        action();
        return string.Empty;
    }

    // HMP info lapic [apic-id]: the argument an expression (HMP's 'i' type: 32 bits), then the
    // machine's text of that APIC, or of the monitor's CPU without one.
    private static readonly char[] CSpaces = [' ', '\t', '\n', '\v', '\f', '\r'];

    private static string InfoLapic(QomContext context, string commandLine)
    {
        const string Usage = "Try \"help info lapic\" for more information\n";
        string rest = commandLine.TrimStart(CSpaces);
        rest = rest["info".Length..].TrimStart(CSpaces)["lapic".Length..];
        int at = 0;
        while (at < rest.Length && HmpExpression.IsSpace(rest[at]))
        {
            at++;
        }

        long? id = null;
        if (at < rest.Length)
        {
            if (!HmpExpression.TryParse(rest, ref at, out long value, out string? error))
            {
                return error + "\n" + Usage;
            }

            if ((value >> 32) != 0)
            {
                return "'lapic' has failed: integer is for 32-bit values\n" + Usage;
            }

            while (at < rest.Length && HmpExpression.IsSpace(rest[at]))
            {
                at++;
            }

            if (at < rest.Length)
            {
                return "lapic: extraneous characters at the end of line\n" + Usage;
            }

            id = value;
        }

        return context.Qdev.LocalApicInfo is { } info ? info(id) : "No CPU available\n";
    }

    // HMP info status: running or paused, with the run state in brackets unless it is plain paused.
    private static string InfoStatus(RunState state) => state switch
    {
        RunState.Running => "VM status: running\n",
        RunState.Paused => "VM status: paused\n",
        RunState.Prelaunch => "VM status: paused (prelaunch)\n",
        RunState.Suspended => "VM status: paused (suspended)\n",
        RunState.Inmigrate => "VM status: paused (inmigrate)\n",
        _ => "VM status: paused (shutdown)\n",
    };

    // HMP info mtree [-f] [-d] [-o] [-D], parsed as HMP parses its flag arguments: in that order,
    // each "-X" on its own, a flag out of order or unknown refused, anything left over refused.
    // -d adds each flat view's dispatch tables (with -f; without, it changes nothing).
    private static string InfoMtree(QomContext context, ReadOnlySpan<string> words)
    {
        const string Flags = "fdoD";
        const string Usage = "Try \"help info mtree\" for more information\n";
        string rest = string.Join(' ', words.ToArray());
        var set = new bool[Flags.Length];
        int at = 0;
        for (int i = 0; i < Flags.Length; i++)
        {
            while (at < rest.Length && rest[at] == ' ')
            {
                at++;
            }

            if (at < rest.Length && rest[at] == '-')
            {
                char c = at + 1 < rest.Length ? rest[at + 1] : '\0';
                if (c == Flags[i])
                {
                    set[i] = true;
                    at += 2;
                }
                else if (c == '\0')
                {
                    // QEMU prints the missing letter as a NUL, which ends its message there.
                    return "mtree: unsupported option -" + Usage;
                }
                else if (Flags.IndexOf(c, i + 1) < 0)
                {
                    return $"mtree: unsupported option -{c}\n" + Usage;
                }
            }
        }

        while (at < rest.Length && rest[at] == ' ')
        {
            at++;
        }

        return at < rest.Length
            ? "mtree: extraneous characters at the end of line\n" + Usage
            : MtreePrinter.Print(context, flat: set[0], owners: set[2], disabled: set[3], dispatch: set[1]);
    }

    // HMP device_add: "help" lists the devices, "T,help" their properties (a failure is printed
    // as is); otherwise QemuOpts options as -device takes them.
    private static string DeviceAdd(QomContext context, string arguments)
    {
        if (arguments is "help" or "?")
        {
            return HelpText.DeviceList(context);
        }

        var options = Options.QemuOptsParser.Parse(arguments, "driver");
        if (options.HelpRequested && options.Get("driver") is { } driver)
        {
            try
            {
                return HelpText.DeviceHelp(context, driver);
            }
            catch (QomException error)
            {
                return error.Message + "\n";
            }
        }

        var list = new System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<string, QomInput>>();
        if (options.Id is not null)
        {
            list.Add(new("id", QomInput.FromKeyval(options.Id)));
        }

        foreach (var (key, value) in options.Options)
        {
            list.Add(new(key, QomInput.FromKeyval(value)));
        }

        QdevMonitor.DeviceAdd(context, list);
        return string.Empty;
    }

    private static string QomList(QomContext context, string path)
    {
        var obj = context.ResolvePath(path, null, out _);
        if (obj is null)
        {
            return $"Error: Device '{path}' not found\n";
        }

        var text = new StringBuilder();
        foreach (var property in obj.GetProperties())
        {
            text.Append(property.Name).Append(" (").Append(property.Type).Append(")\n");
        }

        return text.ToString();
    }
}
