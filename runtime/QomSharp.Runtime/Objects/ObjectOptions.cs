using System.Collections.Generic;
using System.Text.Json;
using QomSharp.Options;

namespace QomSharp;

/// <summary>
/// One <c>-object</c> as QEMU 10.0 reads it into its <c>ObjectOptions</c> before creating anything:
/// the JSON form through the strict JSON visitor, the <c>key=value</c> form through QemuOpts (the
/// <c>object</c> group: implied <c>qom-type</c>, unique ids) and the options visitor. Both check
/// <c>qom-type</c>, then <c>id</c>, then that every other member is a property the type takes;
/// the values themselves are checked when the object is created.
/// </summary>
/// <param name="Type">The object type.</param>
/// <param name="Id">The object id (its name under <c>/objects</c>).</param>
/// <param name="Properties">The other members, in the order given.</param>
public sealed record ObjectOptions(string Type, string Id, List<KeyValuePair<string, QomInput>> Properties)
{
    /// <summary>
    /// Whether QEMU creates the object late (<c>object_create_early</c> refuses it): a memory
    /// backend waits for the machine's options, which it follows (<c>mem-merge</c>,
    /// <c>dump-guest-core</c>), and would delay everything else while it allocates.
    /// </summary>
    public bool CreatedLate => Type.StartsWith("memory-backend-", System.StringComparison.Ordinal);

    /// <summary>A fresh <c>object</c> QemuOpts group (any name; ids unique).</summary>
    public static QemuOptsGroup CreateGroup() => new("object");

    /// <summary>The JSON form: <c>{"qom-type": ..., "id": ..., ...}</c>.</summary>
    public static ObjectOptions FromJson(QomContext context, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new QomException("Invalid parameter type for 'null', expected: object");
        }

        var members = new List<KeyValuePair<string, JsonElement>>();
        foreach (var member in root.EnumerateObject())
        {
            members.Add(new(member.Name, member.Value));
        }

        string type = CheckType(context, Member(members, "qom-type") is { } t
            ? (t.ValueKind == JsonValueKind.String ? t.GetString()! : throw Qmp.QmpArguments.InvalidType("qom-type", "string"))
            : null);
        string id = Member(members, "id") is { } i
            ? (i.ValueKind == JsonValueKind.String ? i.GetString()! : throw Qmp.QmpArguments.InvalidType("id", "string"))
            : throw new QomException("Parameter 'id' is missing");
        var klass = context.FindClass(type)!;
        if (klass is IObjectOptionsSchema schema)
        {
            return new ObjectOptions(type, id, ObjectOptionsVisitor.FromJson(schema, members));
        }

        var properties = new List<KeyValuePair<string, QomInput>>();
        foreach (var (name, value) in members)
        {
            if (name is "qom-type" or "id")
            {
                continue;
            }

            var property = klass.FindProperty(name);
            if (property is null || !property.CanWrite)
            {
                throw new QomException($"Parameter '{name}' is unexpected");
            }

            CheckJsonKind(name, property.Type, value);
            properties.Add(new(name, QomInput.FromJson(value)));
        }

        return new ObjectOptions(type, id, properties);
    }

    /// <summary>The <c>key=value</c> form, as QemuOpts parsed it into <paramref name="parsed"/> (implied <c>qom-type</c>).</summary>
    public static ObjectOptions FromQemuOpts(QomContext context, QemuOptsResult parsed)
    {
        string type = CheckType(context, parsed.Get("qom-type"));
        string id = parsed.Id ?? throw new QomException("Parameter 'id' is missing");
        var klass = context.FindClass(type)!;
        if (klass is IObjectOptionsSchema schema)
        {
            return new ObjectOptions(type, id, ObjectOptionsVisitor.FromKeyval(schema, parsed.Options));
        }

        var properties = new List<KeyValuePair<string, QomInput>>();
        foreach (var (name, value) in parsed.Options)
        {
            if (name == "qom-type")
            {
                continue;
            }

            if (klass.FindProperty(name) is not { CanWrite: true })
            {
                throw new QomException($"Invalid parameter '{name}'");
            }

            properties.Add(new(name, QomInput.FromKeyval(value)));
        }

        return new ObjectOptions(type, id, properties);
    }

    // QAPI's ObjectType: the concrete user-creatable types.
    private static string CheckType(QomContext context, string? type)
    {
        if (type is null)
        {
            throw new QomException("Parameter 'qom-type' is missing");
        }

        var klass = context.FindClass(type);
        if (klass?.DynamicCast("user-creatable") is null || klass.IsAbstract)
        {
            throw new QomException($"Parameter 'qom-type' does not accept value '{type}'");
        }

        return type;
    }

    private static JsonElement? Member(List<KeyValuePair<string, JsonElement>> members, string name)
    {
        foreach (var (key, value) in members)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }

    // The JSON visitor takes a member only in its schema type.
    private static void CheckJsonKind(string name, string type, JsonElement value)
    {
        string? expected = type switch
        {
            "str" or "string" when value.ValueKind != JsonValueKind.String => "string",
            "bool" when value.ValueKind is not (JsonValueKind.True or JsonValueKind.False) => "boolean",
            "int" or "int8" or "int16" or "int32" or "int64" or "uint8" or "uint16" or "uint32" or "uint64" or "size"
                when value.ValueKind != JsonValueKind.Number => "integer",
            _ => null,
        };
        if (expected is not null)
        {
            throw Qmp.QmpArguments.InvalidType(name, expected);
        }
    }
}
