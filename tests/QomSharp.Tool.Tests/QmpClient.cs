using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json.Nodes;

namespace QomSharp.Tool.Tests;

/// <summary>Runs a QMP session over in-memory text and returns every message the server wrote.</summary>
internal static class QmpTranscript
{
    public static List<JsonObject> Run(QomContext context, params string[] requests)
    {
        var output = new StringWriter();
        new Qmp.QmpSession(context, output).Run(new StringReader(string.Join("\n", requests) + "\n"));
        var messages = new List<JsonObject>();
        foreach (var line in output.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            messages.Add(JsonNode.Parse(line)!.AsObject());
        }

        return messages;
    }

    public static string Error(JsonObject reply) => reply["error"]!["desc"]!.GetValue<string>();

    public static string ErrorClass(JsonObject reply) => reply["error"]!["class"]!.GetValue<string>();
}
