using System.Text.Json.Nodes;
using QomSharp.Monitor;

namespace QomSharp.Qmp.Commands;

/// <summary>
/// QMP <c>qom-list-get</c> (added in QEMU 10.1; management tools use it where present): for each
/// path, every property with its type and, where it can be read, its value, in <c>qom-list</c>'s
/// order. The first path that does not resolve fails the whole command, as <c>qom-list</c> would.
/// </summary>
public static class QomListGet
{
    /// <summary>Runs the command.</summary>
    public static JsonNode? Execute(QomContext context, QmpArguments arguments)
    {
        var paths = arguments.StringArray("paths");
        arguments.CheckNoneLeft();
        var result = new JsonArray();
        foreach (var path in paths)
        {
            var properties = new JsonArray();
            var obj = context.ResolvePath(path, null, out _);
            foreach (var row in Introspection.QomList(context, path))
            {
                var entry = new JsonObject { ["name"] = row.Name, ["type"] = row.Type };
                if (TryRead(obj!, row.Name) is { } value)
                {
                    entry["value"] = value;
                }

                properties.Add((JsonNode)entry);
            }

            result.Add((JsonNode)new JsonObject { ["properties"] = properties });
        }

        return result;
    }

    // QEMU reads each value with errors ignored: a property that cannot be read has no value.
    private static JsonNode? TryRead(QomObject obj, string name)
    {
        try
        {
            return obj.GetPropertyValue(name);
        }
        catch (QomException)
        {
            return null;
        }
    }
}
