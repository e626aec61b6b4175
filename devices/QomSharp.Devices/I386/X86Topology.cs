using System.Collections.Generic;
using System.Numerics;
using QomSharp.Qdev;

namespace QomSharp.Devices.I386;

/// <summary>
/// The x86 APIC id layout of a topology (QEMU's <c>X86CPUTopoInfo</c> and
/// <c>include/hw/i386/topology.h</c>): from the thread up, each level takes the bits its count
/// needs (none for a count of 1), and a CPU's index maps to its ids and APIC id.
/// </summary>
internal readonly record struct X86Topology(uint DiesPerSocket, uint ModulesPerDie, uint CoresPerModule, uint ThreadsPerCore)
{
    /// <summary>The layout of the machine's topology (QEMU's <c>init_topo_info</c>).</summary>
    public static X86Topology Of(CpuTopology smp) => new(smp.Dies, smp.Modules, smp.Cores, smp.Threads);

    private int ThreadBits => Width(ThreadsPerCore);

    private int CoreOffset => ThreadBits;

    private int ModuleOffset => CoreOffset + Width(CoresPerModule);

    private int DieOffset => ModuleOffset + Width(ModulesPerDie);

    private int SocketOffset => DieOffset + Width(DiesPerSocket);

    /// <summary>The ids of CPU <paramref name="index"/> (QEMU's <c>x86_topo_ids_from_idx</c>).</summary>
    public (uint Socket, uint Die, uint Module, uint Core, uint Thread) IdsFromIndex(uint index) =>
        (index / (DiesPerSocket * ModulesPerDie * CoresPerModule * ThreadsPerCore),
         index / (ModulesPerDie * CoresPerModule * ThreadsPerCore) % DiesPerSocket,
         index / (CoresPerModule * ThreadsPerCore) % ModulesPerDie,
         index / ThreadsPerCore % CoresPerModule,
         index % ThreadsPerCore);

    /// <summary>The APIC id of CPU <paramref name="index"/> (QEMU's <c>x86_apicid_from_cpu_idx</c>).</summary>
    public uint ApicIdFromIndex(uint index)
    {
        var (socket, die, module, core, thread) = IdsFromIndex(index);
        return (socket << SocketOffset) | (die << DieOffset) | (module << ModuleOffset) | (core << CoreOffset) | thread;
    }

    /// <summary>The APIC id of these ids (QEMU's <c>x86_apicid_from_topo_ids</c>).</summary>
    public uint ApicIdFromIds(uint socket, uint die, uint module, uint core, uint thread) =>
        (socket << SocketOffset) | (die << DieOffset) | (module << ModuleOffset) | (core << CoreOffset) | thread;

    /// <summary>The ids encoded in an APIC id (QEMU's <c>x86_topo_ids_from_apicid</c>).</summary>
    public (uint Socket, uint Die, uint Module, uint Core, uint Thread) IdsFromApicId(uint apicId) =>
        (apicId >> SocketOffset,
         (apicId >> DieOffset) & Mask(Width(DiesPerSocket)),
         (apicId >> ModuleOffset) & Mask(Width(ModulesPerDie)),
         (apicId >> CoreOffset) & Mask(Width(CoresPerModule)),
         apicId & Mask(ThreadBits));

    /// <summary>
    /// The machine's CPU slots (QEMU's <c>x86_possible_cpu_arch_ids</c>): one per possible CPU, its
    /// APIC id and ids; the die and module ids only when there are several.
    /// </summary>
    public static List<PossibleCpu> PossibleCpus(CpuTopology smp, string cpuType)
    {
        var layout = Of(smp);
        var slots = new List<PossibleCpu>((int)smp.MaxCpus);
        for (uint i = 0; i < smp.MaxCpus; i++)
        {
            var (socket, die, module, core, thread) = layout.IdsFromIndex(i);
            slots.Add(new PossibleCpu(layout.ApicIdFromIndex(i), cpuType, socket, smp.Dies > 1 ? die : null,
                smp.Modules > 1 ? module : null, core, thread));
        }

        return slots;
    }

    // QEMU's apicid_bitwidth_for_count: the bits that hold count - 1.
    private static int Width(uint count) => count <= 1 ? 0 : 32 - BitOperations.LeadingZeroCount(count - 1);

    private static uint Mask(int width) => (1u << width) - 1;
}
