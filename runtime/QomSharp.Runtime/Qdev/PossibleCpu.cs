namespace QomSharp.Qdev;

/// <summary>
/// One CPU slot of the machine (QEMU's <c>CPUArchId</c>): its architecture id (the APIC id on x86),
/// its place in the topology, the CPU type it takes and the CPU in it, if one was created.
/// A level the machine's topology has only one of is not reported (QEMU leaves its <c>has_</c> flag off).
/// </summary>
public sealed class PossibleCpu(ulong archId, string type, long socketId, long? dieId, long? moduleId, long coreId, long threadId)
{
    /// <summary>The architecture id (<c>arch_id</c>).</summary>
    public ulong ArchId { get; } = archId;

    /// <summary>The CPU type of the slot.</summary>
    public string Type { get; } = type;

    /// <summary>The socket.</summary>
    public long SocketId { get; } = socketId;

    /// <summary>The die within the socket; null when the machine has one die per socket.</summary>
    public long? DieId { get; } = dieId;

    /// <summary>The module within the die; null when there is one per die.</summary>
    public long? ModuleId { get; } = moduleId;

    /// <summary>The core.</summary>
    public long CoreId { get; } = coreId;

    /// <summary>The thread within the core.</summary>
    public long ThreadId { get; } = threadId;

    /// <summary>The CPU plugged in this slot; null while the slot is free.</summary>
    public Device? Cpu { get; set; }

    /// <summary>The slot's <c>props</c> (<c>CpuInstanceProperties</c>) in the member order QEMU 10.0 prints.</summary>
    public System.Text.Json.Nodes.JsonObject PropsJson()
    {
        var props = new System.Text.Json.Nodes.JsonObject { ["core-id"] = CoreId, ["thread-id"] = ThreadId };
        if (DieId is { } die)
        {
            props["die-id"] = die;
        }

        props["socket-id"] = SocketId;
        if (ModuleId is { } module)
        {
            props["module-id"] = module;
        }

        return props;
    }
}
