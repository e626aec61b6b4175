using System;
using System.Text;
using QomSharp.Qdev;

namespace QomSharp.Monitor;

/// <summary>
/// The human monitor commands reachable through QMP's <c>human-monitor-command</c>:
/// <c>info qom-tree [path]</c>, <c>info qtree</c>, <c>info pci</c>, <c>info mtree</c>, <c>device_add</c> (with
/// <c>help</c> and <c>T,help</c>), <c>qom-list [path]</c>, <c>qom-get path property</c>.
/// Errors are printed, as HMP does, not thrown.
/// </summary>
public static class Hmp
{
    /// <summary>Runs one command line and returns what the monitor prints.</summary>
    public static string Execute(QomContext context, string commandLine)
    {
        var words = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
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

    // HMP info mtree [-f] [-d] [-o] [-D]: flags in any order (-d, the dispatch tree, is not modelled
    // and leaves the output as without it).
    private static string InfoMtree(QomContext context, ReadOnlySpan<string> flags)
    {
        bool flat = false, owners = false, disabled = false;
        foreach (string flag in flags)
        {
            switch (flag)
            {
                case "-f":
                    flat = true;
                    break;
                case "-o":
                    owners = true;
                    break;
                case "-D":
                    disabled = true;
                    break;
                case "-d":
                    break;
                default:
                    return $"Error: invalid option '{flag}'\n";
            }
        }

        return MtreePrinter.Print(context, flat, owners, disabled);
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
