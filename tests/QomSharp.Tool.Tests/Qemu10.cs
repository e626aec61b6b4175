using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json.Nodes;

namespace QomSharp.Tool.Tests;

/// <summary>QEMU 10.0's outputs kept in tests/reference/qemu-10.0 (see capture.sh there).</summary>
internal static class Qemu10
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "reference-10.0");

    public static string Read(string name) => File.ReadAllText(Path.Combine(Root, name));

    public static string[] Lines(string name) => File.ReadAllLines(Path.Combine(Root, name));

    /// <summary>
    /// A QMP transcript (qmp/NAME.txt): the command line, then each request with the replies QEMU
    /// gave (events included), the greeting first under the request <c>"greeting"</c>.
    /// </summary>
    public static Transcript Qmp(string name)
    {
        var lines = Lines(Path.Combine("qmp", name + ".txt"));
        var exchanges = new List<(string Request, List<JsonObject> Replies)>();
        foreach (var line in lines[1..])
        {
            if (line.StartsWith("  -> ", StringComparison.Ordinal))
            {
                exchanges[^1].Replies.Add(JsonNode.Parse(line[5..])!.AsObject());
            }
            else
            {
                exchanges.Add((line, []));
            }
        }

        return new Transcript(lines[0][2..].Split(' ')[1..], exchanges);
    }

    /// <summary>The reply QEMU gave to <paramref name="request"/> (its last message: events come first).</summary>
    public static JsonObject Reply(this Transcript transcript, string request) =>
        transcript.Exchanges.Find(e => e.Request == request).Replies is { Count: > 0 } replies
            ? replies[^1]
            : throw new KeyNotFoundException(request);
}

/// <summary>A QMP transcript: QEMU's arguments (without the program) and the exchanges in order.</summary>
internal sealed record Transcript(string[] Arguments, List<(string Request, List<JsonObject> Replies)> Exchanges)
{
    /// <summary>The device and global options of the QEMU command line, to build the same machine here.</summary>
    public string[] MachineOptions()
    {
        var options = new List<string>();
        for (int i = 0; i < Arguments.Length; i++)
        {
            if (Arguments[i] is "-device" or "-global" or "-machine" or "-object" or "-incoming")
            {
                options.Add(Arguments[i]);
                options.Add(Arguments[++i]);
            }
        }

        return [.. options];
    }
}
