using System.Text.Json.Nodes;

namespace QomSharp.Qmp.Commands;

/// <summary>QMP <c>query-commands</c>: <c>[{"name": ...}, ...]</c> for every command served.</summary>
public static class QueryCommands
{
    /// <summary>Runs the command.</summary>
    public static JsonNode? Execute(QomContext context, QmpArguments arguments)
    {
        arguments.CheckNoneLeft();
        var list = new JsonArray();
        foreach (var name in QmpCommands.Names)
        {
            list.Add((JsonNode)new JsonObject { ["name"] = name });
        }

        return list;
    }
}
