using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Qtest;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// Replays a QMP + qtest transcript whose qtest side intercepts the I/O APIC's inputs
/// (<c>irq_intercept_in ioapic</c>): each qtest line's reply and the interrupt lines it raised or
/// lowered, each QMP command's reply; after each step, the RESET and SHUTDOWN events, the
/// interrupt lines of a reset the step asked for, and whether the run ended.
/// </summary>
internal static class QmpQtestIrqReplay
{
    public static void Replay(string[] args, List<QmpQtestStep> steps)
    {
        var run = ToolRun.Of(args);
        Assert.True(run.ExitCode == 0, run.Error);
        var qdev = run.Context.Qdev;
        var events = new List<string>();
        qdev.Reset += (guest, reason) => events.Add("event RESET " + new JsonObject { ["guest"] = guest, ["reason"] = reason }.ToJsonString());
        qdev.Shutdown += (guest, reason) => events.Add("event SHUTDOWN " + new JsonObject { ["guest"] = guest, ["reason"] = reason }.ToJsonString());
        var qtest = new QtestSession(run.Context, TextWriter.Null);
        var differences = new List<string>();
        foreach (var step in steps)
        {
            events.Clear();
            List<string> during = [];
            List<string> after = [];
            string reply;
            bool same;
            if (step.Kind == "qtest")
            {
                var lines = qtest.Handle(step.Command).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
                int at = lines.FindIndex(l => !l.StartsWith("IRQ ", StringComparison.Ordinal));
                during = lines[..at];
                reply = lines[at];
                after = lines[(at + 1)..];
                same = reply == step.Reply;
            }
            else
            {
                var answer = QmpTranscript.Run(run.Context, step.Command)[0];
                reply = answer.ToJsonString();
                same = JsonNode.DeepEquals(JsonNode.Parse(step.Reply), answer);
                after = qtest.TakeOutput().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
            }

            var ours = events.Concat(after).ToList();
            if (qdev.ExitRequested)
            {
                ours.Add("exit");
            }

            var wanted = step.Events.Select(Normalized).Concat(step.After).ToList();
            if (!same || !during.SequenceEqual(step.During) || !ours.SequenceEqual(wanted))
            {
                differences.Add($"{step.Kind} {step.Command}\n  QEMU 10.0: [{string.Join(", ", step.During)}] {step.Reply} [{string.Join(", ", wanted)}]\n  QomSharp:  [{string.Join(", ", during)}] {reply} [{string.Join(", ", ours)}]");
            }

            if (qdev.ExitRequested)
            {
                break;
            }
        }

        Assert.True(differences.Count == 0, $"{string.Join(' ', args)}: {differences.Count} differences\n" + string.Join("\n", differences.Take(40)));
    }

    // "event NAME {json}" with the JSON in one canonical spelling.
    private static string Normalized(string text)
    {
        int space = text.IndexOf(' ', StringComparison.Ordinal);
        return "event " + text[..space] + " " + JsonNode.Parse(text[(space + 1)..])!.ToJsonString();
    }
}
