using System.Text.Json;
using System.Text.Json.Nodes;

namespace QomSharp.Qmp.Commands;

/// <summary>
/// QMP <c>object-add</c>: the arguments are an <c>ObjectOptions</c>, checked as <c>-object</c>'s
/// JSON form is (<c>qom-type</c>, <c>id</c>, then members the type takes), then the object is created.
/// </summary>
public static class ObjectAdd
{
    /// <summary>Runs the command.</summary>
    public static JsonNode? Execute(QomContext context, QmpArguments arguments)
    {
        var members = new JsonObject();
        foreach (var (name, value) in arguments.TakeRest())
        {
            members[name] = JsonNode.Parse(value.GetRawText());
        }

        using var document = JsonDocument.Parse(members.ToJsonString());
        var options = ObjectOptions.FromJson(context, document.RootElement);
        UserCreatables.Add(context, options.Type, options.Id, options.Properties);
        return null;
    }
}
