using System.Text.Json.Nodes;

namespace QomSharp.Qdev;

public abstract partial class Machine
{
    // QEMU's CacheLevelAndType and CpuTopologyLevel, in their QAPI order: a topology level's index
    // orders the levels (thread lowest, default last).
    private static readonly string[] CacheLevels = ["l1d", "l1i", "l2", "l3"];
    private static readonly string[] TopologyLevels = ["thread", "core", "module", "cluster", "die", "socket", "book", "drawer", "default"];
    private const int DefaultTopology = 8;

    // The topology level of each cache level (QEMU's smp_cache.props), and whether smp-cache was set
    // (QEMU's smp_props.has_caches: only then do the CPUs fill in and check the levels).
    private readonly int[] smpCache = [DefaultTopology, DefaultTopology, DefaultTopology, DefaultTopology];
    private bool smpCacheGiven;

    // QEMU's machine_get_smp_cache: every cache level with its topology level.
    private JsonArray SmpCacheJson()
    {
        var caches = new JsonArray();
        for (int i = 0; i < CacheLevels.Length; i++)
        {
            caches.Add((JsonNode)new JsonObject { ["topology"] = TopologyLevels[smpCache[i]], ["cache"] = CacheLevels[i] });
        }

        return caches;
    }

    // QEMU's machine_set_smp_cache: the list (SmpCacheProperties: cache, then topology, both
    // required), then machine_parse_smp_cache's checks: no cache level twice (each is set as it
    // comes), then per cache level in order: one the machine has no topology for, thread, a
    // level the machine does not have.
    private void SetSmpCache(in QomInput input)
    {
        var elements = input.ReadList("smp-cache");
        var given = new (int Cache, int Topology)[elements.Count];
        for (int i = 0; i < elements.Count; i++)
        {
            string element = elements[i].FieldName ?? "smp-cache";
            var members = MachineStructInput.Members(elements[i], element);
            int cache = Level(members, element, "cache", CacheLevels);
            int topology = Level(members, element, "topology", TopologyLevels);
            foreach (var key in members.Keys)
            {
                MachineStructInput.CheckKnown(["cache", "topology"], element, key);
            }

            given[i] = (cache, topology);
        }

        var seen = new bool[CacheLevels.Length];
        foreach (var (cache, topology) in given)
        {
            if (seen[cache])
            {
                throw new QomException($"Invalid cache properties: {CacheLevels[cache]}. The cache properties are duplicated");
            }

            smpCache[cache] = topology;
            seen[cache] = true;
        }

        var support = MachineClass.Smp;
        for (int cache = 0; cache < CacheLevels.Length; cache++)
        {
            int topology = smpCache[cache];
            if (topology != DefaultTopology && !support.Caches)
            {
                throw new QomException($"{CacheLevels[cache]} cache topology not supported by this machine");
            }

            if (topology == 0)
            {
                throw new QomException("thread level cache not supported by this machine");
            }

            bool supported = TopologyLevels[topology] switch
            {
                "module" => support.Modules,
                "cluster" => support.Clusters,
                "die" => support.Dies,
                "book" => support.Books,
                "drawer" => support.Drawers,
                _ => true,
            };
            if (!supported)
            {
                throw new QomException($"Invalid topology level: {TopologyLevels[topology]}. The topology level is not supported by this machine");
            }
        }

        smpCacheGiven = true;
    }

    // A required enum member of an smp-cache element: missing, or not a member, is QEMU's error (the
    // latter names the member alone, as QEMU's enum visitor does).
    private static int Level(System.Collections.Generic.Dictionary<string, QomInput> members, string element, string member, string[] names)
    {
        if (!members.TryGetValue(member, out var input))
        {
            throw new QomException($"Parameter '{element}.{member}' is missing");
        }

        string value = input.ReadString(member);
        int index = System.Array.IndexOf(names, value);
        return index >= 0 ? index : throw new QomException($"Parameter '{member}' does not accept value '{value}'");
    }

    /// <summary>
    /// QEMU's <c>x86_cpu_update_smp_cache_topo</c> and <c>machine_check_smp_cache</c>, as each CPU is
    /// realized once <c>smp-cache</c> was set: the cache levels left at <c>default</c> take the CPU's
    /// own (<paramref name="cpuLevels"/>: l1d, l1i, l2, l3), then L1 must not be shared wider than L2,
    /// nor L2 wider than L3.
    /// </summary>
    /// <exception cref="QomException">The levels are out of order (QEMU's message).</exception>
    public void UpdateSmpCacheFromCpu(string[] cpuLevels)
    {
        System.ArgumentNullException.ThrowIfNull(cpuLevels);
        if (!smpCacheGiven)
        {
            return;
        }

        for (int cache = 0; cache < CacheLevels.Length; cache++)
        {
            if (smpCache[cache] == DefaultTopology)
            {
                smpCache[cache] = System.Array.IndexOf(TopologyLevels, cpuLevels[cache]);
            }
        }

        if (smpCache[0] > smpCache[2] || smpCache[1] > smpCache[2])
        {
            throw new QomException("Invalid smp cache topology. L2 cache topology level shouldn't be lower than L1 cache");
        }

        if (smpCache[2] > smpCache[3])
        {
            throw new QomException("Invalid smp cache topology. L3 cache topology level shouldn't be lower than L2 cache");
        }
    }
}
