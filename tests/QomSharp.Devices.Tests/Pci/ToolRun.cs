using System.IO;
using QomSharp.Tool;

namespace QomSharp.Devices.Tests.Pci;

/// <summary>Runs the qomsharp tool in-process in a fresh universe and captures what it prints.</summary>
internal sealed record ToolRun(int ExitCode, string Output, string Error, QomContext Context)
{
    public static ToolRun Of(params string[] args) => WithInput(string.Empty, args);

    /// <summary>A run whose standard input is <paramref name="input"/> (qtest or QMP on stdio).</summary>
    public static ToolRun WithInput(string input, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var context = new QomContext();
        int code = new QomSharpTool(new StringReader(input), output, error).Run(args, context);
        return new ToolRun(code, output.ToString(), error.ToString(), context);
    }

    /// <summary>The error line of a run refused at <paramref name="option"/>, as QEMU prints it (with qomsharp's prefix).</summary>
    public static string Refusal(string option, string message) => $"qomsharp: -device {option}: {message}\n";

    public T Resolve<T>(string path) where T : QomObject => (T)Context.ResolvePath(path)!;
}
