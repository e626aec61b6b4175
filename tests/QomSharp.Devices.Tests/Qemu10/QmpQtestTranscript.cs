using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// One step of a captured QMP + qtest transcript (capture_q35.qmp_qtest_transcript): its kind
/// (<c>qtest</c> or <c>qmp</c>), the command, the interrupt lines qtest reported while it ran,
/// QEMU's reply, the events QEMU sent after it (<c>NAME DATA</c>), and what came after those: the
/// interrupt lines of a reset the main loop ran, and <c>exit</c> if QEMU ended.
/// </summary>
internal sealed record QmpQtestStep(string Kind, string Command, List<string> During, string Reply, List<string> Events, List<string> After)
{
    /// <summary>A transcript file of one command line: its arguments (up to the monitor option) and its steps.</summary>
    public static (string[] Args, List<QmpQtestStep> Steps) Read(string name) => ReadSections(name).Single();

    /// <summary>
    /// A transcript file: for each <c>$ qemu-system-x86_64 ARGS -qmp unix:SOCKET -qtest stdio</c> line,
    /// the arguments and the steps after it, each <c>qtest LINE</c> or <c>qmp JSON</c>, then
    /// <c>  IRQ ...</c> lines (during the command), <c>  -> REPLY</c>, <c>  event NAME DATA</c> lines,
    /// then <c>  IRQ ...</c> and <c>  exit</c> lines.
    /// </summary>
    public static List<(string[] Args, List<QmpQtestStep> Steps)> ReadSections(string name)
    {
        var sections = new List<(string[] Args, List<QmpQtestStep> Steps)>();
        foreach (string line in File.ReadAllLines(Qemu10Reference.PathOf(name)))
        {
            if (line.StartsWith("$ qemu-system-x86_64 ", StringComparison.Ordinal))
            {
                string[] words = line["$ qemu-system-x86_64 ".Length..].Split(' ');
                sections.Add((words.TakeWhile(w => w != "-qmp").ToArray(), []));
                continue;
            }

            var steps = sections[^1].Steps;
            if (line.StartsWith("  -> ", StringComparison.Ordinal))
            {
                steps[^1] = steps[^1] with { Reply = line["  -> ".Length..] };
            }
            else if (line.StartsWith("  event ", StringComparison.Ordinal))
            {
                steps[^1].Events.Add(line["  event ".Length..]);
            }
            else if (line.StartsWith("  ", StringComparison.Ordinal))
            {
                var step = steps[^1];
                (step.Reply.Length == 0 && step.Events.Count == 0 ? step.During : step.After).Add(line[2..]);
            }
            else
            {
                int space = line.IndexOf(' ', StringComparison.Ordinal);
                steps.Add(new QmpQtestStep(line[..space], line[(space + 1)..], [], string.Empty, [], []));
            }
        }

        return sections;
    }
}
