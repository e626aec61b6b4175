using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>One step of a captured QMP + qtest transcript: its kind (<c>qtest</c> or <c>qmp</c>), the command, QEMU's reply and the events QEMU sent after it.</summary>
internal sealed record QmpQtestStep(string Kind, string Command, string Reply, List<string> Events)
{
    /// <summary>
    /// A transcript file: the command line (up to the monitor option) and the steps, each
    /// <c>qtest LINE</c> or <c>qmp JSON</c>, then <c>  -> REPLY</c>, then <c>  event NAME DATA</c>
    /// for each event QEMU sent after it.
    /// </summary>
    public static (string[] Args, List<QmpQtestStep> Steps) Read(string name)
    {
        string[] lines = File.ReadAllLines(Qemu10Reference.PathOf(name));
        string[] words = lines[0]["$ qemu-system-x86_64 ".Length..].Split(' ');
        string[] args = words.TakeWhile(w => w != "-qmp").ToArray();
        var steps = new List<QmpQtestStep>();
        foreach (string line in lines.Skip(1))
        {
            if (line.StartsWith("  -> ", StringComparison.Ordinal))
            {
                steps[^1] = steps[^1] with { Reply = line["  -> ".Length..] };
            }
            else if (line.StartsWith("  event ", StringComparison.Ordinal))
            {
                steps[^1].Events.Add(line["  event ".Length..]);
            }
            else
            {
                int space = line.IndexOf(' ', StringComparison.Ordinal);
                steps.Add(new QmpQtestStep(line[..space], line[(space + 1)..], string.Empty, []));
            }
        }

        return (args, steps);
    }
}
