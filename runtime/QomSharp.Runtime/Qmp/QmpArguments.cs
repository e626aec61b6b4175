using System.Collections.Generic;
using System.Text.Json;

namespace QomSharp.Qmp;

/// <summary>
/// A command's <c>arguments</c> object, checked the way QEMU's generated QMP marshallers check
/// them: members are consumed by name; a missing required one is <c>Parameter '%s' is missing</c>,
/// a wrong JSON type <c>Invalid parameter type for '%s', expected: %s</c>, and any member left
/// unconsumed <c>Parameter '%s' is unexpected</c>.
/// </summary>
public sealed class QmpArguments
{
    private readonly Dictionary<string, JsonElement> members = [];
    private readonly List<string> order = [];

    /// <summary>Wraps an arguments object (or nothing, for a command called without arguments).</summary>
    public QmpArguments(JsonElement? arguments)
    {
        if (arguments is { ValueKind: JsonValueKind.Object } obj)
        {
            foreach (var member in obj.EnumerateObject())
            {
                if (members.TryAdd(member.Name, member.Value))
                {
                    order.Add(member.Name);
                }
                else
                {
                    members[member.Name] = member.Value;
                }
            }
        }
    }

    /// <summary>A required string member.</summary>
    public string String(string name) => OptionalString(name) ?? throw Missing(name);

    /// <summary>An optional string member.</summary>
    public string? OptionalString(string name)
    {
        if (!Take(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw InvalidType(name, "string");
    }

    /// <summary>An optional boolean member.</summary>
    public bool? OptionalBool(string name)
    {
        if (!Take(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw InvalidType(name, "boolean"),
        };
    }

    /// <summary>An optional integer member (QAPI's <c>int</c>).</summary>
    public long? OptionalInteger(string name)
    {
        if (!Take(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number) ? number : throw InvalidType(name, "integer");
    }

    /// <summary>An optional array member; each element is checked by the caller (its name is <c>name[i]</c>).</summary>
    public List<JsonElement>? OptionalArray(string name)
    {
        if (!Take(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw InvalidType(name, "array");
        }

        return [.. value.EnumerateArray()];
    }

    /// <summary>A required array of strings (QAPI's <c>['str']</c>).</summary>
    public List<string> StringArray(string name)
    {
        var elements = OptionalArray(name) ?? throw Missing(name);
        var strings = new List<string>(elements.Count);
        for (int i = 0; i < elements.Count; i++)
        {
            strings.Add(elements[i].ValueKind == JsonValueKind.String ? elements[i].GetString()! : throw InvalidType($"{name}[{i}]", "string"));
        }

        return strings;
    }

    /// <summary>An optional member of any JSON type.</summary>
    public JsonElement? OptionalAny(string name) => Take(name, out var value) ? value : null;

    /// <summary>A required member of any JSON type.</summary>
    public JsonElement Any(string name) => Take(name, out var value) ? value : throw Missing(name);

    /// <summary>Every member not consumed yet, in the order given (for commands with free-form members).</summary>
    public List<KeyValuePair<string, JsonElement>> TakeRest()
    {
        var rest = new List<KeyValuePair<string, JsonElement>>();
        foreach (var name in order)
        {
            if (members.Remove(name, out var value))
            {
                rest.Add(new(name, value));
            }
        }

        return rest;
    }

    /// <summary>Fails for the first member nobody consumed.</summary>
    public void CheckNoneLeft()
    {
        foreach (var name in order)
        {
            if (members.ContainsKey(name))
            {
                throw new QomException($"Parameter '{name}' is unexpected");
            }
        }
    }

    private bool Take(string name, out JsonElement value) => members.Remove(name, out value);

    private static QomException Missing(string name) => new($"Parameter '{name}' is missing");

    /// <summary>QEMU's <c>Invalid parameter type for '%s', expected: %s</c>.</summary>
    public static QomException InvalidType(string name, string expected) => new($"Invalid parameter type for '{name}', expected: {expected}");
}
