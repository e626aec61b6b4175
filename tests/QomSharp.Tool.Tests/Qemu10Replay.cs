using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace QomSharp.Tool.Tests;

/// <summary>
/// Replays a QEMU 10.0 QMP transcript against qomsharp, built with the same devices and globals
/// (and <c>-S</c>), and pairs each of QEMU's replies with ours. Messages are compared as JSON
/// values, with what cannot be equal taken out: event timestamps, and the package string of the
/// version (QEMU's is its distribution's, ours is <see cref="QomVersion.Package"/>).
/// </summary>
internal static class Qemu10Replay
{
    public static List<(string Request, JsonObject Qemu, JsonObject Ours)> Run(string name)
    {
        var transcript = Qemu10.Qmp(name);
        var requests = transcript.Exchanges.Skip(1).Select(e => e.Request).ToList();
        var run = ToolRun.WithInput(string.Join("\n", requests) + "\n", ["-S", "-qmp", "stdio", .. transcript.MachineOptions()]);
        var ours = run.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var pairs = new List<(string, JsonObject, JsonObject)>();
        int next = 0;
        foreach (var (request, replies) in transcript.Exchanges)
        {
            foreach (var reply in replies)
            {
                Assert.True(next < ours.Count, $"no reply of ours for {request}");
                pairs.Add((request, Normalize(reply), Normalize(ours[next++])));
            }
        }

        Assert.Equal(ours.Count, next);
        return pairs;
    }

    /// <summary>Asserts every pair equal except the requests in <paramref name="compareElsewhere"/>.</summary>
    public static void AssertSame(string name, params string[] compareElsewhere)
    {
        int compared = 0;
        foreach (var (request, qemu, ours) in Run(name))
        {
            if (compareElsewhere.Contains(request))
            {
                continue;
            }

            Assert.True(JsonNode.DeepEquals(qemu, ours), $"{request}\n QEMU: {qemu.ToJsonString()}\n ours: {ours.ToJsonString()}");
            compared++;
        }

        Assert.True(compared > 0);
    }

    /// <summary>The reply to <paramref name="request"/> from both sides.</summary>
    public static (JsonObject Qemu, JsonObject Ours) Reply(string name, string request)
    {
        var pair = Run(name).Last(p => p.Request == request);
        return (pair.Qemu, pair.Ours);
    }

    private static JsonObject Normalize(JsonObject message)
    {
        var copy = message.DeepClone().AsObject();
        copy.Remove("timestamp");
        if (copy["QMP"]?["version"] is JsonObject greeting)
        {
            greeting["package"] = "*";
        }

        if (copy["return"] is JsonObject result && result["qemu"] is not null && result["package"] is not null)
        {
            result["package"] = "*";
        }

        return copy;
    }
}
