using System;
using System.Collections.Generic;

namespace QomSharp.Tool.Tests;

/// <summary>
/// Command-line errors and warnings compared with QEMU 10.0's: <c>-object</c> in both forms,
/// <c>-device T,help</c> for a type it cannot list, the JSON forms' parse errors, short-form booleans,
/// <c>-machine</c>'s errors.
/// </summary>
public class Qemu10OptionTests
{
    // A reference of blocks "OPTIONS" / QEMU's stderr lines / "exit N", as capture.sh writes them.
    private static List<(string Options, string Stderr, int Exit)> Parse(string reference)
    {
        var blocks = new List<(string, string, int)>();
        var lines = Qemu10.Lines(reference);
        for (int i = 0; i < lines.Length; i++)
        {
            string options = lines[i];
            string stderr = string.Empty;
            while (!lines[++i].StartsWith("exit ", StringComparison.Ordinal))
            {
                stderr += lines[i] + "\n";
            }

            blocks.Add((options, stderr, int.Parse(lines[i][5..], System.Globalization.CultureInfo.InvariantCulture)));
        }

        return blocks;
    }

    [Theory]
    [InlineData("object-errors.txt")]
    [InlineData("device-help-errors.txt")]
    [InlineData("device-json-errors.txt")]
    [InlineData("machine-errors.txt")]
    [InlineData("machine-props-errors.txt")]
    public void ErrorsAndExitCodesAsQemu(string reference)
    {
        var blocks = Parse(reference);
        Assert.NotEmpty(blocks);
        foreach (var (options, stderr, exit) in blocks)
        {
            var run = ToolRun.Of(Arguments(options));
            Assert.Equal(stderr.Replace("qemu-system-x86_64", "qomsharp", StringComparison.Ordinal), run.Error);
            Assert.Equal(exit, run.ExitCode);
        }
    }

    [Fact]
    public void ShortFormBooleansWarnAsQemu()
    {
        var run = ToolRun.Of("-device", "pci-testdev,multifunction", "-device", "pci-testdev,nomultifunction,addr=7", "-object", "iommufd,id=fd0,foo");
        Assert.Equal(Qemu10.Read("short-form-booleans.txt").Replace("qemu-system-x86_64", "qomsharp", StringComparison.Ordinal), run.Error);
    }

    [Fact]
    public void ObjectJsonFormCreatesTheObject()
    {
        var run = ToolRun.Of("-object", """{"qom-type": "iommufd", "id": "fd0"}""", "-object", "iommufd,id=fd1,qom-type=iommufd");
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal("iommufd", run.Context.ResolvePath("/objects/fd0")!.TypeName);
        Assert.Equal("iommufd", run.Context.ResolvePath("/objects/fd1")!.TypeName);
        Assert.Equal("qomsharp: attempt to add duplicate property 'fd0' to object (type 'container')\n",
            ToolRun.Of("-object", """{"qom-type": "iommufd", "id": "fd0"}""", "-object", """{"qom-type": "iommufd", "id": "fd0"}""").Error);
    }

    // "-object A -object B" as one line of the reference: the options in order.
    private static string[] Arguments(string line)
    {
        string option = line[..line.IndexOf(' ', StringComparison.Ordinal)];
        var args = new List<string>();
        foreach (var value in line[(option.Length + 1)..].Split(" " + option + " "))
        {
            args.Add(option);
            args.Add(value);
        }

        return [.. args];
    }
}
