using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// virtio-iommu-pci driven over qtest as a guest driver drives it, against QEMU 10.0
/// (capture_virtio_iommu_queue.py, virtio-iommu-queue.json): each session's qtest lines (BAR
/// programming, feature negotiation, queue set-up, requests written to guest RAM and notified,
/// then the replies, the used ring and the ISR read back) are replayed against qomsharp and every
/// reply must be QEMU's.
/// </summary>
public sealed class VirtioIommuQueueTests
{
    public static TheoryData<string> Sessions()
    {
        var data = new TheoryData<string>();
        using var json = JsonDocument.Parse(Qemu10Reference.Read("virtio-iommu-queue.json"));
        foreach (var session in json.RootElement.GetProperty("sessions").EnumerateArray())
        {
            data.Add(session.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sessions))]
    public void RepliesAreQemu10s(string name)
    {
        using var json = JsonDocument.Parse(Qemu10Reference.Read("virtio-iommu-queue.json"));
        var session = json.RootElement.GetProperty("sessions").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);
        var args = session.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToList();
        var lines = session.GetProperty("lines").EnumerateArray().Select(l => l.GetString()!).ToList();
        var expected = session.GetProperty("replies").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Equal(lines.Count, expected.Count);

        var run = ToolRun.WithInput(string.Join('\n', lines) + "\n", ["-nodefaults", "-display", "none", .. args, "-S", "-qtest", "stdio"]);
        Assert.True(run.ExitCode == 0, run.Error);
        var replies = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var differences = new List<string>();
        for (int i = 0; i < lines.Count; i++)
        {
            string actual = i < replies.Length ? replies[i] : "(no reply)";
            if (actual != expected[i] && differences.Count < 20)
            {
                differences.Add(string.Create(CultureInfo.InvariantCulture, $"line {i}: {lines[i]} -> {actual}, QEMU 10.0: {expected[i]}"));
            }
        }

        Assert.True(differences.Count == 0, $"{name}:\n" + string.Join('\n', differences));
        Assert.Equal(lines.Count, replies.Length);
    }

    [Fact]
    public void TheSessionsCoverEveryRequestAndStatus()
    {
        using var json = JsonDocument.Parse(Qemu10Reference.Read("virtio-iommu-queue.json"));
        int lines = json.RootElement.GetProperty("sessions").EnumerateArray().Sum(s => s.GetProperty("lines").GetArrayLength());
        Assert.True(lines > 10000, $"only {lines} lines");
    }
}
