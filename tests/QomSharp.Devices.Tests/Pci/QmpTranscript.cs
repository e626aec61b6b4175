using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json.Nodes;
using QomSharp.Qmp;

namespace QomSharp.Devices.Tests.Pci;

/// <summary>A QMP session on a built machine (so device_add is a hot-plug): the replies, greeting first.</summary>
internal static class QmpTranscript
{
    private const string Capabilities = """{"execute": "qmp_capabilities"}""";

    public static List<JsonObject> Run(QomContext context, params string[] commands)
    {
        var output = new StringWriter();
        new QmpSession(context, output).Run(new StringReader(Capabilities + "\n" + string.Join("\n", commands) + "\n"));
        var replies = new List<JsonObject>();
        foreach (var line in output.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var message = JsonNode.Parse(line)!.AsObject();
            if (message["event"] is null)
            {
                replies.Add(message);
            }
        }

        // Drop the greeting and the capabilities reply: replies[i] answers commands[i].
        return replies.GetRange(2, replies.Count - 2);
    }

    public static string? Error(JsonObject reply) => reply["error"]?["desc"]?.GetValue<string>();
}
