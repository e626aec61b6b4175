using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.Hostmem;

/// <summary>
/// QEMU's <c>memory-backend</c> (abstract, backends/hostmem.c): host memory for guest RAM, created
/// with <c>-object memory-backend-*</c> or <c>object-add</c>, or by the machine as its default RAM
/// backend (<c>/objects/pc.ram</c>). Its properties and checks are QEMU 10.0's; completing it makes
/// its RAM region (<c>ID[0]</c>, a child of the backend) without allocating host memory.
/// </summary>
[QomType("memory-backend", Abstract = true, ClassType = typeof(MemoryBackendClass))]
public abstract partial class HostMemoryBackend : QomObject, IUserCreatable, IMemoryBackend
{
    // QEMU's MAX_NODES: the host nodes a backend can bind to.
    private const int MaxNodes = 128;

    private static readonly QomEnumTable<HostMemPolicy> PolicyTable = new("HostMemPolicy", ["default", "preferred", "bind", "interleave"],
        [HostMemPolicy.Default, HostMemPolicy.Preferred, HostMemPolicy.Bind, HostMemPolicy.Interleave]);

    private readonly SortedSet<int> hostNodes = [];
    private QomObject? preallocContext;

    /// <summary>The size in bytes (<c>size</c>); 0 until set.</summary>
    public ulong Size { get; private set; }

    /// <summary>Whether the memory is shared with other processes (<c>share</c>).</summary>
    public bool Share { get; protected set; }

    /// <summary>Whether swap space (or huge pages) is reserved (<c>reserve</c>, default on).</summary>
    public bool Reserve { get; private set; } = true;

    /// <summary>Whether the memory is preallocated (<c>prealloc</c>).</summary>
    public bool Prealloc { get; private set; }

    /// <summary>The NUMA policy (<c>policy</c>).</summary>
    public HostMemPolicy Policy { get; private set; }

    /// <summary>Whether the region is named by the backend's canonical path rather than its id.</summary>
    public bool UseCanonicalPath { get; private set; }

    /// <summary>The RAM region, once the backend is complete (QEMU's <c>host_memory_backend_get_memory</c>).</summary>
    public MemoryRegion? Memory { get; private set; }

    /// <summary>Whether a user of the memory (the machine's RAM) holds it: the backend cannot be deleted then.</summary>
    public bool IsMapped { get; set; }

    private bool merge;
    private bool dump;
    private uint preallocThreads;

    /// <summary>The host nodes the memory is bound to (<c>host-nodes</c>).</summary>
    public IReadOnlyCollection<int> HostNodes => hostNodes;

    [QomClassInit]
    private static void InitMemoryBackendClass(MemoryBackendClass klass)
    {
        // In the order QEMU's class hash table iterates them (its listings show them reversed).
        klass.AddProperty(new QomBoolProperty("merge", static o => ((HostMemoryBackend)o).merge, static (o, v) => ((HostMemoryBackend)o).merge = v,
            description: "Mark memory as mergeable"));
        klass.AddProperty(new BackendProperty("host-nodes", "int", "Binds memory to the list of NUMA host nodes",
            static o => ((HostMemoryBackend)o).ReadHostNodes(), static (QomObject o, in QomInput v) => ((HostMemoryBackend)o).SetHostNodes(v)));
        klass.AddProperty(new QomBoolProperty("reserve", static o => ((HostMemoryBackend)o).Reserve, static (o, v) => ((HostMemoryBackend)o).SetReserve(v),
            description: "Reserve swap space (or huge pages) if applicable"));
        klass.AddProperty(new QomBoolProperty("prealloc", static o => ((HostMemoryBackend)o).Prealloc, static (o, v) => ((HostMemoryBackend)o).SetPrealloc(v),
            description: "Preallocate memory"));
        klass.AddProperty(new QomLinkProperty("prealloc-context", "thread-context", static o => ((HostMemoryBackend)o).preallocContext,
            static (o, v) => QomLinkProperty.ExchangeStrong(ref ((HostMemoryBackend)o).preallocContext, v), QomLinkProperty.AllowSet, strong: true,
            description: "Context to use for creating CPU threads for preallocation"));
        klass.AddProperty(new QomEnumProperty<HostMemPolicy>("policy", PolicyTable, static o => ((HostMemoryBackend)o).Policy,
            static (o, v) => ((HostMemoryBackend)o).Policy = v, description: "Set the NUMA policy"));
        klass.AddProperty(new QomBoolProperty("x-use-canonical-path-for-ramblock-id", static o => ((HostMemoryBackend)o).UseCanonicalPath,
            static (o, v) => ((HostMemoryBackend)o).UseCanonicalPath = v));
        klass.AddProperty(new BackendProperty("prealloc-threads", "int", "Number of CPU threads to use for prealloc",
            static o => JsonValue.Create(((HostMemoryBackend)o).preallocThreads), static (QomObject o, in QomInput v) => ((HostMemoryBackend)o).SetPreallocThreads(v)));
        klass.AddProperty(new QomBoolProperty("dump", static o => ((HostMemoryBackend)o).dump, static (o, v) => ((HostMemoryBackend)o).dump = v,
            description: "Set to 'off' to exclude from core dump"));
        klass.AddProperty(new BackendProperty("size", "int", "Size of the memory region (ex: 500M)",
            static o => JsonValue.Create(((HostMemoryBackend)o).Size), static (QomObject o, in QomInput v) => ((HostMemoryBackend)o).SetSize(v)));
        klass.AddProperty(new QomBoolProperty("share", static o => ((HostMemoryBackend)o).Share, static (o, v) => ((HostMemoryBackend)o).SetShare(v),
            description: "Mark the memory as private to QEMU or shared"));

        klass.AddOptionMembers(
            new("dump", ObjectOptionType.Bool),
            new("host-nodes", ObjectOptionType.UInt16List),
            new("merge", ObjectOptionType.Bool),
            new("policy", ObjectOptionType.Enum, EnumMembers: PolicyTable.Names),
            new("prealloc", ObjectOptionType.Bool),
            new("prealloc-threads", ObjectOptionType.UInt32),
            new("prealloc-context", ObjectOptionType.String),
            new("share", ObjectOptionType.Bool),
            new("reserve", ObjectOptionType.Bool),
            new("size", ObjectOptionType.Size, Required: true),
            new("x-use-canonical-path-for-ramblock-id", ObjectOptionType.Bool));
    }

    // QEMU's host_memory_backend_init: merge and dump follow the machine's mem-merge and
    // dump-guest-core; one preallocation thread per CPU.
    [QomInstanceInit]
    private void InitMemoryBackend()
    {
        var machine = Context.ResolvePath("/machine") as Machine;
        merge = machine?.Options.Get("mem-merge", true) ?? true;
        dump = machine?.Options.Get("dump-guest-core", true) ?? true;
        preallocThreads = BoardCpus;
    }

    // QEMU's host_memory_backend_post_init: the machine type's compatibility properties (a backend
    // is no device, so -global does not reach it).
    [QomInstancePostInit]
    private void ApplyCompatProps()
    {
        var compat = Context.Qdev.CompatProps;
        for (int i = 0; i < compat.Count; i++)
        {
            if (IsA(compat[i].Driver))
            {
                ParseProperty(compat[i].Property, compat[i].Value);
            }
        }
    }

    // QEMU's smp.cpus, the default prealloc-threads: the boards here have one CPU.
    private const uint BoardCpus = 1;

    /// <summary>The name of the RAM region: the id, or the canonical path (QEMU's <c>host_memory_backend_get_name</c>).</summary>
    public string RegionName => UseCanonicalPath ? CanonicalPath ?? string.Empty : CanonicalPathComponent ?? string.Empty;

    /// <summary>
    /// QEMU's <c>host_memory_backend_memory_complete</c>: the subtype's allocation checks, the region,
    /// then the NUMA policy checks. Nothing is allocated or preallocated.
    /// </summary>
    void IUserCreatable.Complete()
    {
        CheckAllocation();
        Memory = MemoryRegion.Create(this, RegionName, Size, new GuestRam(Size));
        Memory.Kind = MemoryRegionKind.Ram;
        if (hostNodes.Count != 0 && Policy == HostMemPolicy.Default)
        {
            throw new QomException("host-nodes must be empty for policy default, or you should explicitly specify a policy other than default");
        }

        if (hostNodes.Count == 0 && Policy != HostMemPolicy.Default)
        {
            throw new QomException($"host-nodes must be set for policy {PolicyTable.NameOf(Policy)}");
        }
    }

    bool IUserCreatable.CanBeDeleted() => !IsMapped;

    /// <summary>The subtype's allocation (QEMU's <c>HostMemoryBackendClass.alloc</c>) up to the point it would take host memory; throw to fail.</summary>
    protected virtual void CheckAllocation()
    {
        if (Size == 0)
        {
            throw new QomException("can't create backend with size 0");
        }
    }

    /// <summary>Whether the region exists (QEMU's <c>host_memory_backend_mr_inited</c>): most properties are fixed then.</summary>
    protected bool IsComplete => Memory is not null;

    private void SetSize(in QomInput input)
    {
        if (IsComplete)
        {
            throw new QomException($"cannot change property size of {TypeName} ");
        }

        ulong value = input.ReadSize("size");
        if (value == 0)
        {
            throw new QomException($"property 'size' of {TypeName} doesn't take value '0'");
        }

        Size = value;
    }

    private void SetShare(bool value)
    {
        if (IsComplete)
        {
            throw new QomException("cannot change property value");
        }

        Share = value;
    }

    private void SetReserve(bool value)
    {
        if (IsComplete)
        {
            throw new QomException("cannot change property value");
        }

        if (Prealloc && !value)
        {
            throw new QomException("'prealloc=on' and 'reserve=off' are incompatible");
        }

        Reserve = value;
    }

    private void SetPrealloc(bool value)
    {
        if (!Reserve && value)
        {
            throw new QomException("'prealloc=on' and 'reserve=off' are incompatible");
        }

        // Once complete, turning it on preallocates (nothing to do without host memory); off is ignored.
        if (!IsComplete || value)
        {
            Prealloc = value;
        }
    }

    private void SetPreallocThreads(in QomInput input)
    {
        ulong value = input.ReadUInt64("prealloc-threads");
        if (value > uint.MaxValue)
        {
            throw input.OutOfRange("prealloc-threads", "uint32_t");
        }

        if (value == 0)
        {
            throw new QomException($"property 'prealloc-threads' of {TypeName} doesn't take value '0'");
        }

        preallocThreads = (uint)value;
    }

    private JsonNode ReadHostNodes()
    {
        var list = new JsonArray();
        foreach (int node in hostNodes)
        {
            list.Add((JsonNode)JsonValue.Create(node));
        }

        return list;
    }

    // QEMU adds the nodes to those already set; one out of range sets none.
    private void SetHostNodes(in QomInput input)
    {
        var nodes = new List<int>();
        foreach (var element in input.ReadList("host-nodes"))
        {
            ulong value = element.ReadUInt64("host-nodes");
            if (value > ushort.MaxValue)
            {
                throw new QomException("Parameter 'null' expects uint16_t");
            }

            nodes.Add((int)value);
        }

        foreach (int node in nodes)
        {
            if (node >= MaxNodes)
            {
                throw new QomException(FormattableString.Invariant($"Invalid host-nodes value: {node}"));
            }
        }

        hostNodes.UnionWith(nodes);
    }
}
