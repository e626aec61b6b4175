using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace QomSharp.Qdev;

/// <summary>
/// The machine's CPU topology (QEMU's <c>CpuTopology</c>, <c>ms-&gt;smp</c>): how many CPUs boot,
/// how many there may be, and the count at each level. QEMU keeps the counts as C <c>unsigned</c>,
/// so a value beyond 32 bits keeps its low 32 bits, as there.
/// </summary>
public sealed record CpuTopology(uint Cpus, uint Drawers, uint Books, uint Sockets, uint Dies, uint Clusters, uint Modules, uint Cores, uint Threads, uint MaxCpus)
{
    /// <summary>One CPU, one of everything: the topology without <c>-smp</c>.</summary>
    public static CpuTopology Single { get; } = new(1, 1, 1, 1, 1, 1, 1, 1, 1, 1);

    /// <summary>CPUs per socket across its dies, modules and clusters (QEMU's <c>machine_topo_get_cores_per_socket</c>).</summary>
    public uint CoresPerSocket => Cores * Modules * Clusters * Dies;

    /// <summary>
    /// QEMU 10.0's <c>machine_parse_smp_config</c>: zero counts refused, levels the machine does not
    /// have refused above 1, the omitted counts computed (cores before sockets, or sockets before
    /// cores on <see cref="SmpSupport.PreferSockets"/> machine types, threads last), then the product
    /// and the machine's limits checked, in QEMU's order and with its messages.
    /// </summary>
    /// <exception cref="QomException">The configuration is refused.</exception>
    public static CpuTopology Compute(MachineClass machine, SmpConfiguration config)
    {
        System.ArgumentNullException.ThrowIfNull(machine);
        System.ArgumentNullException.ThrowIfNull(config);
        if (config.Cpus == 0 || config.Drawers == 0 || config.Books == 0 || config.Sockets == 0 || config.Dies == 0 ||
            config.Clusters == 0 || config.Modules == 0 || config.Cores == 0 || config.Threads == 0 || config.MaxCpus == 0)
        {
            throw new QomException("Invalid CPU topology: CPU topology parameters must be greater than zero");
        }

        var support = machine.Smp;
        uint modules = Level(config.Modules, support.Modules, "modules");
        uint clusters = Level(config.Clusters, support.Clusters, "clusters");
        uint dies = Level(config.Dies, support.Dies, "dies");
        uint books = Level(config.Books, support.Books, "books");
        uint drawers = Level(config.Drawers, support.Drawers, "drawers");
        uint cpus = Low32(config.Cpus);
        uint sockets = Low32(config.Sockets);
        uint cores = Low32(config.Cores);
        uint threads = Low32(config.Threads);
        uint maxcpus = Low32(config.MaxCpus);

        // C unsigned arithmetic: products wrap, as QEMU's do.
        unchecked
        {
            if (cpus == 0 && maxcpus == 0)
            {
                sockets = OneIfUnset(sockets);
                cores = OneIfUnset(cores);
                threads = OneIfUnset(threads);
            }
            else
            {
                maxcpus = maxcpus > 0 ? maxcpus : cpus;
                uint above = drawers * books;
                uint within = dies * clusters * modules;
                if (support.PreferSockets && sockets == 0)
                {
                    cores = OneIfUnset(cores);
                    threads = OneIfUnset(threads);
                    sockets = Divide(maxcpus, above * within * cores * threads);
                }
                else if (support.PreferSockets && cores == 0)
                {
                    threads = OneIfUnset(threads);
                    cores = Divide(maxcpus, above * sockets * within * threads);
                }
                else if (!support.PreferSockets && cores == 0)
                {
                    sockets = OneIfUnset(sockets);
                    threads = OneIfUnset(threads);
                    cores = Divide(maxcpus, above * sockets * within * threads);
                }
                else if (!support.PreferSockets && sockets == 0)
                {
                    threads = OneIfUnset(threads);
                    sockets = Divide(maxcpus, above * within * cores * threads);
                }

                if (threads == 0)
                {
                    threads = Divide(maxcpus, above * sockets * within * cores);
                }
            }

            uint total = drawers * books * sockets * dies * clusters * modules * cores * threads;
            maxcpus = maxcpus > 0 ? maxcpus : total;
            cpus = cpus > 0 ? cpus : maxcpus;
            var topology = new CpuTopology(cpus, drawers, books, sockets, dies, clusters, modules, cores, threads, maxcpus);
            if (total != maxcpus)
            {
                throw new QomException(string.Create(CultureInfo.InvariantCulture,
                    $"Invalid CPU topology: product of the hierarchy must match maxcpus: {topology.Hierarchy(support)} != maxcpus ({maxcpus})"));
            }

            if (maxcpus < cpus)
            {
                throw new QomException(string.Create(CultureInfo.InvariantCulture,
                    $"Invalid CPU topology: maxcpus must be equal to or greater than smp: {topology.Hierarchy(support)} == maxcpus ({maxcpus}) < smp_cpus ({cpus})"));
            }

            // QEMU prints these with %d: a count above 2^31 shows negative.
            if (cpus < (uint)machine.MinCpus)
            {
                throw new QomException(string.Create(CultureInfo.InvariantCulture,
                    $"Invalid SMP CPUs {(int)cpus}. The min CPUs supported by machine '{machine.MachineName}' is {machine.MinCpus}"));
            }

            if (maxcpus > (uint)machine.MaxCpus)
            {
                throw new QomException(string.Create(CultureInfo.InvariantCulture,
                    $"Invalid SMP CPUs {(int)maxcpus}. The max CPUs supported by machine '{machine.MachineName}' is {machine.MaxCpus}"));
            }

            return topology;
        }
    }

    /// <summary>The value of QOM's <c>smp</c> property, with its members in the order QEMU 10.0 prints them.</summary>
    public JsonObject ToJson() => new()
    {
        ["modules"] = Modules,
        ["cpus"] = Cpus,
        ["maxcpus"] = MaxCpus,
        ["books"] = Books,
        ["threads"] = Threads,
        ["cores"] = Cores,
        ["dies"] = Dies,
        ["sockets"] = Sockets,
        ["clusters"] = Clusters,
        ["drawers"] = Drawers,
    };

    // QEMU's cpu_hierarchy_to_string: the levels the machine has, largest first.
    private string Hierarchy(SmpSupport support)
    {
        var text = new StringBuilder();
        if (support.Drawers)
        {
            text.Append(CultureInfo.InvariantCulture, $"drawers ({Drawers}) * ");
        }

        if (support.Books)
        {
            text.Append(CultureInfo.InvariantCulture, $"books ({Books}) * ");
        }

        text.Append(CultureInfo.InvariantCulture, $"sockets ({Sockets})");
        if (support.Dies)
        {
            text.Append(CultureInfo.InvariantCulture, $" * dies ({Dies})");
        }

        if (support.Clusters)
        {
            text.Append(CultureInfo.InvariantCulture, $" * clusters ({Clusters})");
        }

        if (support.Modules)
        {
            text.Append(CultureInfo.InvariantCulture, $" * modules ({Modules})");
        }

        text.Append(CultureInfo.InvariantCulture, $" * cores ({Cores}) * threads ({Threads})");
        return text.ToString();
    }

    // A level the machine lacks may be given as 1 only; an omitted level is 1.
    private static uint Level(long? value, bool supported, string name)
    {
        uint count = Low32(value);
        if (!supported && value > 1)
        {
            throw new QomException($"{name} > 1 not supported by this machine's CPU topology");
        }

        return OneIfUnset(count);
    }

    // Counts whose product wraps to 0 would stop QEMU with a division by zero; here the quotient is
    // 0, so the product check refuses the topology instead.
    private static uint Divide(uint maxcpus, uint product) => product == 0 ? 0 : maxcpus / product;

    private static uint OneIfUnset(uint count) => count > 0 ? count : 1;

    private static uint Low32(long? value) => unchecked((uint)(value ?? 0));
}
