using System.Text.Json.Nodes;
using QomSharp.Qdev;

namespace QomSharp.Qmp.Commands;

/// <summary>
/// QMP <c>query-cpus-fast</c> and <c>query-hotpluggable-cpus</c>: the machine's CPUs and CPU slots.
/// No vCPU runs here, so each CPU reports the process as its host thread.
/// </summary>
public static class QueryCpus
{
    /// <summary><c>query-cpus-fast</c>: each CPU in index order with its slot's ids and its path.</summary>
    public static JsonNode? Fast(QomContext context, QmpArguments arguments)
    {
        arguments.CheckNoneLeft();
        var list = new JsonArray();
        int index = 0;
        foreach (var slot in Slots(context))
        {
            if (slot.Cpu is { } cpu)
            {
                list.Add((JsonNode)new JsonObject
                {
                    ["thread-id"] = System.Environment.ProcessId,
                    ["props"] = slot.PropsJson(),
                    ["qom-path"] = cpu.CanonicalPath,
                    ["cpu-index"] = index,
                    ["target"] = "x86_64",
                });
            }

            index++;
        }

        return list;
    }

    /// <summary>
    /// <c>query-hotpluggable-cpus</c>: every slot, last first as QEMU lists them, a filled one with its
    /// CPU's path; refused on a machine without CPU hot-plug.
    /// </summary>
    public static JsonNode? Hotpluggable(QomContext context, QmpArguments arguments)
    {
        arguments.CheckNoneLeft();
        if (context.ResolvePath("/machine") is not Machine { MachineClass.HotpluggableCpus: true } machine)
        {
            throw new QomException("machine does not support hot-plugging CPUs");
        }

        var list = new JsonArray();
        for (int i = machine.PossibleCpus.Count - 1; i >= 0; i--)
        {
            var slot = machine.PossibleCpus[i];
            var entry = new JsonObject { ["props"] = slot.PropsJson(), ["vcpus-count"] = 1 };
            if (slot.Cpu is { } cpu)
            {
                entry["qom-path"] = cpu.CanonicalPath;
            }

            entry["type"] = slot.Type;
            list.Add((JsonNode)entry);
        }

        return list;
    }

    /// <summary>HMP <c>info cpus</c>: each CPU with its host thread, the monitor's current CPU (the first) starred.</summary>
    public static string InfoCpus(QomContext context)
    {
        var text = new System.Text.StringBuilder();
        int index = 0;
        foreach (var slot in Slots(context))
        {
            if (slot.Cpu is not null)
            {
                text.Append(System.FormattableString.Invariant($"{(index == 0 ? '*' : ' ')} CPU #{index}: thread_id={System.Environment.ProcessId}\n"));
            }

            index++;
        }

        return text.ToString();
    }

    private static System.Collections.Generic.IReadOnlyList<PossibleCpu> Slots(QomContext context) =>
        context.ResolvePath("/machine") is Machine machine ? machine.PossibleCpus : [];
}
