using System.IO;

namespace QomSharp.Tool.Tests;

/// <summary>Runs the tool in-process in a fresh universe and captures what it prints.</summary>
internal sealed record ToolRun(int ExitCode, string Output, string Error, QomContext Context)
{
    public static ToolRun WithInput(string input, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var context = new QomContext();
        int code = new QomSharpTool(new StringReader(input), output, error).Run(args, context);
        return new ToolRun(code, output.ToString(), error.ToString(), context);
    }

    public static ToolRun Of(params string[] args) => WithInput(string.Empty, args);
}
