using System.Collections.Generic;
using System.Text.Json;

namespace QomSharp.Qdev;

/// <summary>
/// The members of a structured machine property's value (<c>boot</c>, <c>memory</c>), read as
/// QEMU's visitors read a struct: an object or QEMU's type error, no member it does not know.
/// </summary>
internal static class MachineStructInput
{
    /// <summary>
    /// The members of the object <paramref name="input"/> holds. From <c>-machine</c>, every leaf is
    /// the option's text (read by the keyval rules); from QMP, leaves keep their JSON type, though a
    /// string is read as option text.
    /// </summary>
    public static Dictionary<string, QomInput> Members(in QomInput input, string name)
    {
        string text = input.ToString();
        if (input.Kind != QomInputKind.Json || input.HoldsString || text.Length == 0 || text[0] != '{')
        {
            throw new QomException($"Invalid parameter type for '{name}', expected: object");
        }

        var members = new Dictionary<string, QomInput>();
        using var document = JsonDocument.Parse(text);
        foreach (var member in document.RootElement.EnumerateObject())
        {
            members[member.Name] = member.Value.ValueKind == JsonValueKind.String
                ? QomInput.FromKeyval(member.Value.GetString()!)
                : QomInput.FromJson(member.Value.Clone());
        }

        return members;
    }

    /// <summary>A member, named as QEMU names it in errors (<c>boot.menu</c>); null when not given.</summary>
    public static QomInput? Member(Dictionary<string, QomInput> members, string name, string member) =>
        members.TryGetValue(member, out var value) ? value.Renamed(name + "." + member) : null;

    /// <summary>QEMU's check, after the known members were read, that no other one was given.</summary>
    public static void CheckKnown(string[] known, string name, string key)
    {
        if (System.Array.IndexOf(known, key) < 0)
        {
            throw new QomException($"Parameter '{name}.{key}' is unexpected");
        }
    }
}
