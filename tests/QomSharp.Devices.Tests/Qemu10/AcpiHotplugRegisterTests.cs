using System;
using System.Linq;
using System.Text.Json.Nodes;

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
        QmpQtestReplay.Replay(args, steps, Sorted);
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
}
