using System.Text.Json.Nodes;
using QomSharp.Qdev;

namespace QomSharp.Qmp.Commands;

/// <summary>
/// QMP <c>query-machines</c>: one entry per machine type, with the compatibility properties when
/// <c>compat-props</c> is true.
/// </summary>
public static class QueryMachines
{
    /// <summary>Runs the command.</summary>
    public static JsonNode? Execute(QomContext context, QmpArguments arguments)
    {
        bool compatProps = arguments.OptionalBool("compat-props") ?? false;
        arguments.CheckNoneLeft();
        var list = new JsonArray();
        foreach (var machine in Machine.ListMachineClasses(context))
        {
            list.Add((JsonNode)Describe(machine, compatProps));
        }

        return list;
    }

    /// <summary>The <c>MachineInfo</c> of one machine type.</summary>
    public static JsonObject Describe(MachineClass machine, bool compatProps)
    {
        var info = new JsonObject { ["name"] = machine.MachineName };
        if (machine.Alias is not null)
        {
            info["alias"] = machine.Alias;
        }

        if (machine.IsDefault)
        {
            info["is-default"] = true;
        }

        info["cpu-max"] = machine.MaxCpus;
        info["hotpluggable-cpus"] = machine.HotpluggableCpus;
        info["numa-mem-supported"] = machine.NumaMemSupported;
        info["deprecated"] = machine.Deprecated;
        if (machine.DefaultCpuType is not null)
        {
            info["default-cpu-type"] = machine.DefaultCpuType;
        }

        info["default-ram-id"] = machine.DefaultRamId;
        info["acpi"] = machine.HasAcpi;
        if (compatProps)
        {
            var rows = new JsonArray();
            foreach (var row in machine.CompatProps)
            {
                rows.Add((JsonNode)new JsonObject { ["qom-type"] = row.Driver, ["property"] = row.Property, ["value"] = row.Value });
            }

            info["compat-props"] = rows;
        }

        return info;
    }
}
