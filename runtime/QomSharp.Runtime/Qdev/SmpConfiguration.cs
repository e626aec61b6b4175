using System.Collections.Generic;

namespace QomSharp.Qdev;

/// <summary>
/// QEMU's QAPI <c>SMPConfiguration</c>: the counts the user gave with <c>-smp</c> or
/// <c>-machine smp.*</c>, each null when not given. <see cref="CpuTopology.Compute"/> turns it into
/// the machine's topology.
/// </summary>
public sealed record SmpConfiguration(long? Cpus = null, long? Drawers = null, long? Books = null, long? Sockets = null, long? Dies = null,
    long? Clusters = null, long? Modules = null, long? Cores = null, long? Threads = null, long? MaxCpus = null)
{
    // The members in QAPI's order: the visitor reads them in this order, so the first bad one is reported.
    private static readonly string[] MemberNames = ["cpus", "drawers", "books", "sockets", "dies", "clusters", "modules", "cores", "threads", "maxcpus"];

    /// <summary>
    /// Reads the struct from its members as QEMU's input visitor does: each known member in QAPI's order
    /// (an integer), then a member it does not know is refused.
    /// </summary>
    /// <param name="members">The members given in order; null for a member given as a dictionary or list (<c>smp.cores.x=1</c>).</param>
    /// <param name="name">The struct's name in errors (<c>smp</c>).</param>
    /// <exception cref="QomException">A member is not an integer, or is unknown (QEMU's message).</exception>
    public static SmpConfiguration Read(IReadOnlyList<KeyValuePair<string, QomInput?>> members, string name)
    {
        System.ArgumentNullException.ThrowIfNull(members);
        var values = new long?[MemberNames.Length];
        for (int i = 0; i < MemberNames.Length; i++)
        {
            foreach (var (key, value) in members)
            {
                if (key == MemberNames[i])
                {
                    // A later occurrence of a key replaces an earlier one.
                    values[i] = value is { } scalar ? scalar.ReadInt64($"{name}.{key}") : throw new QomException($"Parameters '{name}.{key}.*' are unexpected");
                }
            }
        }

        foreach (var (key, _) in members)
        {
            if (System.Array.IndexOf(MemberNames, key) < 0)
            {
                throw new QomException($"Parameter '{name}.{key}' is unexpected");
            }
        }

        return new(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7], values[8], values[9]);
    }
}
