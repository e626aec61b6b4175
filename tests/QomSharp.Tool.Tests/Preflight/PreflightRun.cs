using System.Text.Json.Nodes;

namespace QomSharp.Tool.Tests.Preflight;

/// <summary>A preflight run with a JSON verdict, read back.</summary>
internal static class PreflightRun
{
    public static (ToolRun Run, JsonObject Verdict) Json(params string[] args)
    {
        var run = ToolRun.Of(["-preflight", "-verdict", "json", .. args]);
        Assert.True(run.Output.Length > 0, run.Error);
        return (run, JsonNode.Parse(run.Output)!.AsObject());
    }

    public static JsonObject Device(this JsonObject verdict, string id) =>
        verdict["devices"]!.AsArray().Single(d => (string?)d!["id"] == id)!.AsObject();

    public static string Check(this JsonObject device, string name) =>
        (string)device["checks"]!.AsArray().Single(c => (string?)c!["name"] == name)!["result"]!;

    public static string[] NotChecked(this JsonObject verdict) =>
        [.. verdict["not_checked"]!.AsArray().Select(o => (string)o!["option"]!)];
}
