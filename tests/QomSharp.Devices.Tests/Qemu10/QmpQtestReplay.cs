using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Qtest;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// Replays a captured QMP + qtest transcript (capture_q35.qmp_qtest_transcript) against the tool
/// and compares every step: a qtest line's reply and the interrupt lines it raised or lowered (with
/// <c>irq_intercept_in ioapic</c>), a QMP command's reply; after each step the events (RESET,
/// SHUTDOWN, DEVICE_DELETED, the run-state ones such as SUSPEND, and the devices' own, such as
/// ACPI_DEVICE_OST), the interrupt lines of a reset the step asked for, and whether the run ended.
/// </summary>
internal static class QmpQtestReplay
{
    /// <summary>
    /// Replays <paramref name="steps"/> on <paramref name="args"/>; <paramref name="reply"/>, when
    /// given, puts a QMP reply (QEMU's or the tool's) in the form they are compared in, by the command.
    /// A step's events are compared in order (the DEVICE_DELETED of an unplug a reset completes
    /// comes after the reset's RESET or WAKEUP, as QEMU sends it).
    /// </summary>
    public static void Replay(string[] args, List<QmpQtestStep> steps, Func<string, JsonNode?, JsonNode?>? reply = null)
    {
        var run = ToolRun.Of(args);
        Assert.True(run.ExitCode == 0, run.Error);
        var qdev = run.Context.Qdev;
        var events = new List<JsonNode>();
        void Add(string name, JsonNode? data) => events.Add(new JsonObject { ["event"] = name, ["data"] = data });
        qdev.Reset += (guest, reason) => Add("RESET", new JsonObject { ["guest"] = guest, ["reason"] = reason });
        qdev.Shutdown += (guest, reason) => Add("SHUTDOWN", new JsonObject { ["guest"] = guest, ["reason"] = reason });
        qdev.DeviceDeleted += (id, path) =>
        {
            var data = new JsonObject();
            if (id is not null)
            {
                data["device"] = id;
            }

            data["path"] = path;
            Add("DEVICE_DELETED", data);
        };
        qdev.DeviceEvent += (name, data) => Add(name, data.DeepClone());
        qdev.MachineEvent += name => Add(name, new JsonObject());
        var qtest = new QtestSession(run.Context, TextWriter.Null);
        reply ??= static (_, node) => node;
        var differences = new List<string>();
        foreach (var step in steps)
        {
            events.Clear();
            List<string> during = [];
            List<string> after;
            string ours;
            bool same;
            if (step.Kind == "qtest")
            {
                var lines = qtest.Handle(step.Command).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
                int at = lines.FindIndex(l => !l.StartsWith("IRQ ", StringComparison.Ordinal));
                during = lines[..at];
                ours = lines[at];
                after = lines[(at + 1)..];
                same = ours == step.Reply;
            }
            else
            {
                var answer = QmpTranscript.Run(run.Context, step.Command)[0];
                ours = answer.ToJsonString();
                same = JsonNode.DeepEquals(reply(step.Command, JsonNode.Parse(step.Reply)), reply(step.Command, answer));
                after = qtest.TakeOutput().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
            }

            if (qdev.ExitRequested)
            {
                after.Add("exit");
            }

            var wanted = step.Events.Select(Event).ToList();
            bool sameEvents = wanted.Count == events.Count && wanted.Zip(events).All(p => JsonNode.DeepEquals(p.First, p.Second));
            if (!same || !sameEvents || !during.SequenceEqual(step.During) || !after.SequenceEqual(step.After))
            {
                differences.Add($"{step.Kind} {step.Command}\n" +
                    $"  QEMU 10.0: [{string.Join(", ", step.During)}] {step.Reply} [{string.Join(", ", wanted.Select(e => e.ToJsonString()).Concat(step.After))}]\n" +
                    $"  QomSharp:  [{string.Join(", ", during)}] {ours} [{string.Join(", ", events.Select(e => e.ToJsonString()).Concat(after))}]");
            }

            if (qdev.ExitRequested)
            {
                break;
            }
        }

        Assert.True(differences.Count == 0, $"{string.Join(' ', args)}: {differences.Count} of {steps.Count} steps differ\n" + string.Join("\n", differences.Take(40)));
    }

    // "NAME {json}" as {"event": NAME, "data": {json}}.
    private static JsonNode Event(string text)
    {
        int space = text.IndexOf(' ', StringComparison.Ordinal);
        return new JsonObject { ["event"] = text[..space], ["data"] = JsonNode.Parse(text[(space + 1)..]) };
    }
}
