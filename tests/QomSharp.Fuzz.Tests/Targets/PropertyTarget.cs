using System;
using System.Collections.Generic;
using System.Linq;
using QomSharp.Json;

namespace QomSharp.Fuzz.Tests.Targets;

/// <summary>
/// Property input in its three forms (string visitor, keyval, JSON) on every property of the seed
/// series' types, each kind included; a refused value must leave every property as it was.
/// An input reads <c>OBJECT|PROPERTY|FORM|VALUE</c>, the first three as numbers taken modulo the choices.
/// </summary>
internal static class PropertyTarget
{
    private static readonly string[] Types = ["intel-iommu", "vfio-pci", "pci-testdev", "pcie-root-port", "pci-bridge", "pcie-pci-bridge", "iommufd"];

    public static FuzzTarget Create() => new("property-input", Mutations.Of(
        [
            "0|0|0|48", "0|1|1|on", "0|2|2|true", "1|0|0|98:00.0", "1|1|2|\"0000:4b:00.0\"", "2|0|0|05.0", "2|1|2|5", "3|0|1|7",
            "4|0|2|{\"a\": [1]}", "0|3|0|0x30", "0|4|1|-1", "5|2|2|18446744073709551616", "6|0|0|3", "0|5|2|null", "3|2|0|on,off",
        ], "|0123456789-+x.:,\"{}[]aefnlortu \\"), static () =>
        {
            var context = Universe.Q35();
            var objects = Types.Select(t => context.New(t)).ToArray();
            var properties = objects.Select(o => o.GetProperties().Where(p => p.Name != "type").ToArray()).ToArray();
            return input =>
            {
                string[] parts = input.Split('|', 4);
                if (parts.Length < 4 || !int.TryParse(parts[0], out int o) || !int.TryParse(parts[1], out int p) || !int.TryParse(parts[2], out int form))
                {
                    return false;
                }

                var target = objects[(int)((uint)o % objects.Length)];
                var candidates = properties[(int)((uint)o % objects.Length)];
                var property = candidates[(int)((uint)p % candidates.Length)];
                string before = Values(target);
                try
                {
                    switch ((uint)form % 3)
                    {
                        case 0:
                            target.ParseProperty(property.Name, parts[3]);
                            break;
                        case 1:
                            target.SetPropertyValue(property.Name, QomInput.FromKeyval(parts[3]));
                            break;
                        default:
                            var json = QemuJsonStream.ParseOne(parts[3]);
                            if (json.Error is not null)
                            {
                                return false;
                            }

                            target.SetPropertyJson(property.Name, json.Value);
                            break;
                    }

                    return true;
                }
                catch (QomException)
                {
                    string after = Values(target);
                    return after == before ? false : throw new InvalidOperationException($"a refused value changed the object:\n{before}\n---\n{after}");
                }
            };
        });

    private static string Values(QomObject target)
    {
        var values = new List<string>();
        foreach (var property in target.GetProperties())
        {
            try
            {
                values.Add(property.Name + "=" + (target.GetPropertyValue(property.Name)?.ToJsonString() ?? "null"));
            }
            catch (QomException e)
            {
                values.Add(property.Name + "!" + e.Message);
            }
        }

        return string.Join("\n", values);
    }
}
