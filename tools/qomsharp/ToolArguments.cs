using System.Collections.Generic;

namespace QomSharp.Tool;

/// <summary>One command-line option as given: its name (with the dash) and its argument, if it takes one.</summary>
internal sealed record ToolOption(string Name, string? Value)
{
    /// <summary>The option as QEMU prints it before an error: <c>-device intel-iommu,aw-bits=40</c>.</summary>
    public string Location => Value is null ? Name : $"{Name} {Value}";
}

/// <summary>Splits argv into options, the way QEMU's option table does.</summary>
internal static class ToolArguments
{
    private static readonly HashSet<string> WithArgument =
        ["-machine", "-M", "-device", "-object", "-global", "-qmp", "-qtest", "-host", "-display", "-m", "-smp", "-cpu", "-name",
         "-verdict", "-domain-xml", "-host-info", "-host-capture", "-L", "-bios", "-kernel", "-initrd", "-append", "-shim", "-rtc"];
    private static readonly HashSet<string> WithoutArgument = ["-S", "-nodefaults", "-nographic", "-no-user-config", "-help", "-h", "-version", "-preflight", "-print-qemu"];

    // QEMU's options about what a reset or shutdown request does, read as QEMU's table reads them.
    private static readonly HashSet<string> RunActions = ["-action", "-no-reboot", "-no-shutdown", "-incoming"];

    // The tool's own options that make a run a preflight: a real command line, options outside the model skipped.
    private static readonly HashSet<string> PreflightSwitches = ["-preflight", "-domain-xml"];

    // QEMU's options that this tool has nothing behind: refused as QEMU refuses an option of another target.
    private static readonly HashSet<string> NotSupported = ["-cpu"];

    /// <summary>Whether the command line asks for the preflight mode (<c>-preflight</c> or <c>-domain-xml</c>).</summary>
    public static bool IsPreflight(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            string name = OptionName(args[i]);
            if (PreflightSwitches.Contains(name))
            {
                return true;
            }

            // Skip an argument, so that a value spelt like an option is not taken for one.
            if (WithArgument.Contains(name) || Preflight.QemuOptionTable.TakesArgument(name))
            {
                i++;
            }
        }

        return false;
    }

    /// <summary>The options in order; throws <see cref="ToolError"/> for an unknown option or a missing argument.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="preflight">
    /// The preflight mode: every option QEMU has is read (those outside the model are skipped later),
    /// a leading QEMU program name is skipped and a bare argument is QEMU's disk image (<c>-hda</c>).
    /// </param>
    public static List<ToolOption> Parse(string[] args, bool preflight = false)
    {
        var options = new List<ToolOption>();
        bool positional = false;
        for (int i = 0; i < args.Length; i++)
        {
            string name = OptionName(args[i]);
            if (preflight && !name.StartsWith('-'))
            {
                // A command line copied whole starts with QEMU's program; any other word is the disk image.
                bool program = !positional && IsQemuProgram(args[i]);
                positional = true;
                if (program)
                {
                    continue;
                }

                options.Add(new ToolOption("-hda", args[i]));
            }
            else if (preflight && !WithArgument.Contains(name) && !WithoutArgument.Contains(name))
            {
                options.Add(QemuOption(args, ref i, name));
            }
            else if (WithArgument.Contains(name))
            {
                if (i + 1 >= args.Length)
                {
                    throw new ToolError(null, $"{args[i]}: requires an argument");
                }

                var option = new ToolOption(name == "-M" ? "-machine" : name, args[++i]);
                if (!preflight && NotSupported.Contains(name))
                {
                    throw new ToolError($"{args[i - 1]} {args[i]}", "Option not supported for this target");
                }

                options.Add(option);
            }
            else if (WithoutArgument.Contains(name))
            {
                options.Add(new ToolOption(name == "-help" ? "-h" : name, null));
            }
            else if (RunActions.Contains(name))
            {
                options.Add(QemuOption(args, ref i, name));
            }
            else
            {
                throw new ToolError(null, $"{args[i]}: invalid option");
            }
        }

        return options;
    }

    private static string OptionName(string arg) => arg.StartsWith("--", System.StringComparison.Ordinal) ? arg[1..] : arg;

    // qemu-system-x86_64, /usr/libexec/qemu-kvm, /usr/bin/kvm: the program of a copied command line.
    private static bool IsQemuProgram(string arg)
    {
        string file = System.IO.Path.GetFileName(arg);
        return file.StartsWith("qemu-system-", System.StringComparison.Ordinal) || file is "qemu-kvm" or "kvm";
    }

    // An option of QEMU's table: with its argument, or refused as QEMU refuses it.
    private static ToolOption QemuOption(string[] args, ref int i, string name)
    {
        if (Preflight.QemuOptionTable.IsForOtherTargets(name))
        {
            bool hasArgument = name == "-semihosting-config" && i + 1 < args.Length;
            throw new ToolError(hasArgument ? $"{args[i]} {args[i + 1]}" : args[i], "Option not supported for this target");
        }

        if (Preflight.QemuOptionTable.TakesArgument(name))
        {
            if (i + 1 >= args.Length)
            {
                throw new ToolError(null, $"{args[i]}: requires an argument");
            }

            return new ToolOption(name == "-M" ? "-machine" : name, args[++i]);
        }

        if (Preflight.QemuOptionTable.TakesNoArgument(name))
        {
            return new ToolOption(name, null);
        }

        throw new ToolError(null, $"{args[i]}: invalid option");
    }
}

/// <summary>A command-line failure: printed as <c>qomsharp: [location: ]message</c>, then the hint; exit 1.</summary>
internal sealed class ToolError(string? location, string message, string? hint = null, System.Exception? inner = null) : System.Exception(message, inner)
{
    public string? Location { get; } = location;

    public string? Hint { get; } = hint;
}
