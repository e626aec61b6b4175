using System.Text.Json.Nodes;
using QomSharp.Qdev;

namespace QomSharp.Qmp.Commands;

/// <summary>QMP <c>query-status</c>: the run state (<c>prelaunch</c> under <c>-S</c>, <c>paused</c> by <c>stop</c>, <c>suspended</c>, <c>shutdown</c>) and whether the guest runs.</summary>
public static class QueryStatus
{
    /// <summary>Runs the command.</summary>
    public static JsonNode? Execute(QomContext context, QmpArguments arguments)
    {
        arguments.CheckNoneLeft();
        var state = context.Qdev.RunState;
        return new JsonObject
        {
            ["status"] = state switch
            {
                RunState.Prelaunch => "prelaunch",
                RunState.Suspended => "suspended",
                RunState.Shutdown => "shutdown",
                RunState.Paused => "paused",
                RunState.Inmigrate => "inmigrate",
                _ => "running",
            },
            ["running"] = state == RunState.Running,
        };
    }
}
