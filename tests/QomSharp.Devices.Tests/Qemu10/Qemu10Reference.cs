using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// QEMU 10.0's outputs kept in tests/reference/qemu-10.0 (capture.py there produced them; README.md
/// lists the command of each).
/// </summary>
internal static class Qemu10Reference
{
    public static string Read(string name) => File.ReadAllText(PathOf(name));

    public static string PathOf(string name) => Path.Combine(Reference.RepositoryRoot(), "tests", "reference", "qemu-10.0", name);

    /// <summary>
    /// The stderr of each configuration of a <c>*-stderr.txt</c> capture (a <c>$ qemu-system-x86_64
    /// ARGS</c> line, then what QEMU printed), in order, as the tool prints it (<c>qomsharp:</c>).
    /// </summary>
    public static List<string> StderrOfEachConfiguration(string name)
    {
        var sections = new List<string>();
        foreach (string line in Read(name).Split('\n'))
        {
            if (line.StartsWith("$ ", System.StringComparison.Ordinal))
            {
                sections.Add(string.Empty);
            }
            else if (line.Length > 0)
            {
                sections[^1] += line.Replace("qemu-system-x86_64:", "qomsharp:", System.StringComparison.Ordinal) + "\n";
            }
        }

        return sections;
    }

    /// <summary>
    /// The cases of an error file: each <c>$ qemu-system-x86_64 ARGS</c> line, then what QEMU printed
    /// on stderr, then <c>exit N</c>.
    /// </summary>
    public static IEnumerable<ErrorCase> ErrorCases(string name)
    {
        const string Command = "$ qemu-system-x86_64 ";
        string[]? args = null;
        var stderr = new List<string>();
        foreach (string line in File.ReadAllLines(PathOf(name)))
        {
            if (line.StartsWith(Command, System.StringComparison.Ordinal))
            {
                args = line[Command.Length..].Split(' ');
                stderr.Clear();
            }
            else if (line.StartsWith("exit ", System.StringComparison.Ordinal))
            {
                yield return new ErrorCase(args!, string.Concat(stderr.Select(l => l + "\n")), int.Parse(line[5..], System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                stderr.Add(line);
            }
        }
    }

    /// <summary>The command/reply pairs of a QMP transcript (<c>  -> </c> marks a reply).</summary>
    public static List<(string Command, string Reply)> Transcript(string name)
    {
        string[] lines = File.ReadAllLines(PathOf(name));
        var pairs = new List<(string, string)>();
        for (int i = 0; i + 1 < lines.Length; i += 2)
        {
            pairs.Add((lines[i], lines[i + 1]["  -> ".Length..]));
        }

        return pairs;
    }
}

/// <summary>One refused command line and what QEMU 10.0 printed for it.</summary>
internal sealed record ErrorCase(string[] Args, string Stderr, int ExitCode)
{
    public override string ToString() => string.Join(' ', Args);
}
