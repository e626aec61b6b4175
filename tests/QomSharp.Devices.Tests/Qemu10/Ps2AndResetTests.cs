using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Qtest;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// The PS/2 keyboard and mouse behind the i8042 and the machine's reset requests against QEMU 10.0
/// (capture_ps2_reset.py: qtest-ps2.txt, qtest-reset.txt). Each transcript is replayed step by step:
/// qtest lines (with <c>irq_intercept_in ioapic</c>, so the IRQ 1/12 changes each command causes are
/// compared too) and QMP commands; after each step, the QMP events (RESET, SHUTDOWN), the interrupt
/// changes of a reset the step asked for, and whether the run ended.
/// </summary>
public sealed class Ps2AndResetTests
{
    internal sealed record Step(string Kind, string Command, List<string> During, string Reply, List<string> After);

    internal sealed record Section(string[] Args, List<Step> Steps);

    [Fact]
    public void KeyboardAndMouseRepliesAndIrqLinesAreQemu10s()
    {
        var sections = Read("qtest-ps2.txt");
        Assert.Single(sections);
        Assert.True(sections[0].Steps.Count > 800, $"only {sections[0].Steps.Count} steps");
        Assert.True(sections[0].Steps.Count(s => s.During.Count > 0) > 100, "too few steps with interrupt changes");
        Replay(sections[0]);
    }

    [Fact]
    public void ResetRequestsEventsAndRegistersAfterResetAreQemu10s()
    {
        var sections = Read("qtest-reset.txt");
        foreach (var section in sections)
        {
            Replay(section);
        }

        Assert.Equal(6, sections.Count);
        Assert.Equal(10, sections[0].Steps.Count(s => s.After.Any(a => a.StartsWith("event RESET", StringComparison.Ordinal))));
        Assert.Equal(3, sections.Count(s => s.Steps[^1].After.Contains("exit")));
    }

    /// <summary>Replays one section (also the ACPI event transcripts'): replies, interrupt changes, events, the end of the run.</summary>
    /// <param name="section">The command line and its steps.</param>
    /// <param name="eventsInAnyOrder">
    /// Whether a step's events and later lines may come in another order (QEMU sends a reset's
    /// DEVICE_DELETED after RESET, once RCU releases the device; QomSharp at once).
    /// </param>
    internal static void Replay(Section section, bool eventsInAnyOrder = false)
    {
        var run = ToolRun.Of(section.Args);
        Assert.True(run.ExitCode == 0, run.Error);
        var qdev = run.Context.Qdev;
        var events = new List<string>();
        qdev.Reset += (guest, reason) => events.Add("event RESET " + new JsonObject { ["guest"] = guest, ["reason"] = reason }.ToJsonString());
        qdev.Shutdown += (guest, reason) => events.Add("event SHUTDOWN " + new JsonObject { ["guest"] = guest, ["reason"] = reason }.ToJsonString());
        qdev.MachineEvent += name => events.Add($"event {name} {{}}");
        qdev.DeviceDeleted += (id, path) => events.Add("event DEVICE_DELETED " + (id is null ? new JsonObject { ["path"] = path } : new JsonObject { ["device"] = id, ["path"] = path }).ToJsonString());
        var qtest = new QtestSession(run.Context, TextWriter.Null);
        var differences = new List<string>();
        foreach (var step in section.Steps)
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

            var wanted = step.After.Select(Normalized).ToList();
            bool sameAfter = eventsInAnyOrder ? ours.Order(StringComparer.Ordinal).SequenceEqual(wanted.Order(StringComparer.Ordinal)) : ours.SequenceEqual(wanted);
            if (!same || !during.SequenceEqual(step.During) || !sameAfter)
            {
                differences.Add($"{step.Kind} {step.Command}\n  QEMU 10.0: [{string.Join(", ", step.During)}] {step.Reply} [{string.Join(", ", wanted)}]\n  QomSharp:  [{string.Join(", ", during)}] {reply} [{string.Join(", ", ours)}]");
            }

            if (qdev.ExitRequested)
            {
                break;
            }
        }

        Assert.True(differences.Count == 0, $"{string.Join(' ', section.Args)}: {differences.Count} differences\n" + string.Join("\n", differences.Take(40)));
    }

    // "event NAME {json}" with the JSON in one canonical spelling; other lines as they are.
    private static string Normalized(string text)
    {
        if (!text.StartsWith("event ", StringComparison.Ordinal))
        {
            return text;
        }

        int space = text.IndexOf(' ', "event ".Length);
        return text[..space] + " " + JsonNode.Parse(text[(space + 1)..])!.ToJsonString();
    }

    // Sections from "$ qemu-system-x86_64 ARGS -qmp unix:SOCKET -qtest stdio"; steps "qtest LINE" or
    // "qmp JSON", then "  IRQ ..." lines (during the command), "  -> REPLY", then "  event ...",
    // "  IRQ ..." and "  exit" lines (after it).
    internal static List<Section> Read(string name)
    {
        var sections = new List<Section>();
        foreach (string line in File.ReadAllLines(Qemu10Reference.PathOf(name)))
        {
            if (line.StartsWith("$ qemu-system-x86_64 ", StringComparison.Ordinal))
            {
                string[] words = line["$ qemu-system-x86_64 ".Length..].Split(' ');
                sections.Add(new Section(words.TakeWhile(w => w != "-qmp").ToArray(), []));
            }
            else if (line.StartsWith("  -> ", StringComparison.Ordinal))
            {
                var steps = sections[^1].Steps;
                steps[^1] = steps[^1] with { Reply = line["  -> ".Length..] };
            }
            else if (line.StartsWith("  ", StringComparison.Ordinal))
            {
                var step = sections[^1].Steps[^1];
                (step.Reply.Length == 0 ? step.During : step.After).Add(line[2..]);
            }
            else
            {
                int space = line.IndexOf(' ', StringComparison.Ordinal);
                sections[^1].Steps.Add(new Step(line[..space], line[(space + 1)..], [], string.Empty, []));
            }
        }

        return sections;
    }
}
