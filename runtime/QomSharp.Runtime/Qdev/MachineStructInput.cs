using System.Collections.Generic;

namespace QomSharp.Qdev;

/// <summary>
/// The members of a structured machine property's value (<c>boot</c>, <c>memory</c>), read as
/// QEMU's visitors read a struct: an object or QEMU's type error, no member it does not know.
/// </summary>
public static class MachineStructInput
{
    /// <summary>
    /// The members of the struct <paramref name="input"/> holds (<see cref="QomInput.ReadObject"/>):
    /// from <c>-machine</c>, leaves read by the keyval rules; from QMP, by their JSON type, as
    /// QEMU's visitors read them.
    /// </summary>
    public static Dictionary<string, QomInput> Members(in QomInput input, string name)
    {
        var members = new Dictionary<string, QomInput>();
        foreach (var (key, value) in input.ReadObject(name))
        {
            members[key] = value;
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
