using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Qtest;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// The ICH9 LPC's ACPI hot-plug registers against QEMU 10.0 (capture_acpi_hotplug.py,
/// qtest-acpi-*.txt): QMP and qtest lines replayed in order, every reply and every event compared.
/// The PCI block at 0xcc0 (bus select, up, down, eject, removable, acpi-index; device_del waits for
/// the guest's eject) and the CPU block at 0xcd8 (the legacy bitmap, the switch to the modern
/// registers, insert/remove events, eject, OST).
/// </summary>
public sealed class AcpiHotplugRegisterTests
{

    public static TheoryData<string, int> Transcripts() => new()
    {
        { "qtest-acpi-pci-hotplug-q35.txt", 400 },
        { "qtest-acpi-pci-hotplug-pc-q35-9.1.txt", 400 },
        { "qtest-acpi-pci-hotplug-root.txt", 20 },
        { "qtest-acpi-pci-hotplug-off.txt", 15 },
        { "qtest-acpi-cpu-hotplug-smp1-max4.txt", 150 },
        { "qtest-acpi-cpu-hotplug-smp2-sockets2-cores3-threads2.txt", 250 },
        { "qtest-acpi-cpu-hotplug-smp2-max8-pc-q35-9.1.txt", 200 },
        { "qtest-acpi-cpu-hotplug-wide.txt", 15 },
        { "qtest-acpi-cpu-hotplug-qom-set.txt", 8 },
    };

    [Theory]
    [MemberData(nameof(Transcripts))]
    public void RepliesAndEventsAreQemu10s(string name, int minimumSteps)
    {
        var (args, steps) = QmpQtestStep.Read(name);
        Assert.True(steps.Count >= minimumSteps, $"only {steps.Count} steps");
        var run = ToolRun.Of(args);
        Assert.True(run.ExitCode == 0, run.Error);
        var events = new List<JsonNode>();
        run.Context.Qdev.DeviceDeleted += (id, path) =>
        {
            var data = new JsonObject();
            if (id is not null)
            {
                data["device"] = id;
            }

            data["path"] = path;
            events.Add(new JsonObject { ["event"] = "DEVICE_DELETED", ["data"] = data });
        };
        run.Context.Qdev.DeviceEvent += (eventName, data) => events.Add(new JsonObject { ["event"] = eventName, ["data"] = data.DeepClone() });
        var qtest = new QtestSession(run.Context.Qdev.SystemMemory, run.Context.Qdev.IoSpace, TextWriter.Null);
        var differences = new List<string>();
        foreach (var step in steps)
        {
            events.Clear();
            bool same;
            string reply;
            if (step.Kind == "qtest")
            {
                reply = qtest.Handle(step.Command).TrimEnd('\n');
                same = reply == step.Reply;
            }
            else
            {
                var answer = QmpTranscript.Run(run.Context, step.Command)[0];
                reply = answer.ToJsonString();
                same = JsonNode.DeepEquals(Sorted(step.Command, JsonNode.Parse(step.Reply)), Sorted(step.Command, answer));
            }

            var wanted = step.Events.Select(Event).ToList();
            bool sameEvents = wanted.Count == events.Count && wanted.Zip(events).All(p => JsonNode.DeepEquals(p.First, p.Second));
            if (!same || !sameEvents)
            {
                differences.Add($"{step.Kind} {step.Command}\n  QEMU 10.0: {step.Reply} [{string.Join(", ", wanted.Select(e => e.ToJsonString()))}]\n" +
                    $"  QomSharp:  {reply} [{string.Join(", ", events.Select(e => e.ToJsonString()))}]");
            }
        }

        Assert.True(differences.Count == 0, $"{differences.Count} of {steps.Count} steps differ:\n" + string.Join("\n", differences.Take(40)));
    }

    // qom-list's rows as a set: QEMU lists a hash table (children and links among the properties),
    // an order the model keeps for the properties it was checked against, not for regions added later;
    // query-cpus-fast's thread-id is the host thread's.
    private static JsonNode? Sorted(string command, JsonNode? reply)
    {
        if (command.Contains("\"qom-list\"", StringComparison.Ordinal) && reply?["return"] is JsonArray rows)
        {
            return new JsonArray([.. rows.Select(r => r!.DeepClone()).OrderBy(r => r["name"]!.GetValue<string>(), StringComparer.Ordinal)]);
        }

        if (command.Contains("\"query-cpus-fast\"", StringComparison.Ordinal) && reply?["return"] is JsonArray cpus)
        {
            var copy = new JsonArray([.. cpus.Select(r => r!.DeepClone())]);
            foreach (var row in copy)
            {
                row!.AsObject().Remove("thread-id");
            }

            return copy;
        }

        return reply;
    }

    // "NAME {json}" as {"event": NAME, "data": {json}}.
    private static JsonNode Event(string text)
    {
        int space = text.IndexOf(' ', StringComparison.Ordinal);
        return new JsonObject { ["event"] = text[..space], ["data"] = JsonNode.Parse(text[(space + 1)..]) };
    }
}
