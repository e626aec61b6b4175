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
    private static readonly HashSet<string> WithArgument = ["-machine", "-M", "-device", "-object", "-global", "-qmp", "-qtest", "-host", "-display", "-m", "-smp", "-cpu", "-name"];
    private static readonly HashSet<string> WithoutArgument = ["-S", "-nodefaults", "-nographic", "-no-user-config", "-help", "-h", "-version"];

    // QEMU's options that this tool has nothing behind: refused as QEMU refuses an option of another target.
    private static readonly HashSet<string> NotSupported = ["-smp", "-cpu"];

    /// <summary>The options in order; throws <see cref="ToolError"/> for an unknown option or a missing argument.</summary>
    public static List<ToolOption> Parse(string[] args)
    {
        var options = new List<ToolOption>();
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i].StartsWith("--", System.StringComparison.Ordinal) ? args[i][1..] : args[i];
            if (WithArgument.Contains(name))
            {
                if (i + 1 >= args.Length)
                {
                    throw new ToolError(null, $"{args[i]}: requires an argument");
                }

                var option = new ToolOption(name == "-M" ? "-machine" : name, args[++i]);
                if (NotSupported.Contains(name))
                {
                    throw new ToolError($"{args[i - 1]} {args[i]}", "Option not supported for this target");
                }

                options.Add(option);
            }
            else if (WithoutArgument.Contains(name))
            {
                options.Add(new ToolOption(name == "-help" ? "-h" : name, null));
            }
            else
            {
                throw new ToolError(null, $"{args[i]}: invalid option");
            }
        }

        return options;
    }
}

/// <summary>A command-line failure: printed as <c>qomsharp: [location: ]message</c>, then the hint; exit 1.</summary>
internal sealed class ToolError(string? location, string message, string? hint = null, System.Exception? inner = null) : System.Exception(message, inner)
{
    public string? Location { get; } = location;

    public string? Hint { get; } = hint;
}
