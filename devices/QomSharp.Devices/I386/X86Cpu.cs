using System;
using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.I386;

/// <summary>
/// QEMU's <c>x86_64-cpu</c> (abstract): an x86 CPU with QEMU 10.0's property surface, its feature
/// flags and settings, from <see cref="X86CpuPropertyTable"/> (the table is turned into class
/// properties once, when the class is initialised). The values are those of QEMU's
/// <c>qemu64</c> model under TCG; at realize the CPU gets its local APIC (<c>lapic</c>) and its
/// address space regions. CPUID, feature checks and execution are not modelled.
/// </summary>
[QomType("x86_64-cpu", Abstract = true)]
public abstract partial class X86Cpu : CpuDevice
{
    // The values every new CPU starts with, built once from the table on first use.
    private static object?[]? initialValues;

    // What QEMU's x86_cpu_expand_features and the accelerator settle at realize when left at
    // their default ("auto"): the table's realized values.
    private static readonly string[] ExpandedAtRealize =
        ["level", "min-level", "xlevel", "min-xlevel", "xlevel2", "level-func7", "phys-bits", "guest-phys-bits", "ucode-rev"];

    /// <summary>The first APIC id an xAPIC cannot hold: from here on the CPU needs x2APIC.</summary>
    public const uint FirstX2ApicId = 255;

    /// <summary>Where the local APICs' MSI window sits (QEMU's <c>APIC_DEFAULT_ADDRESS</c>).</summary>
    public const ulong ApicMsiAddress = 0xfee00000;

    /// <summary>The CPU's property values, indexed like <see cref="X86CpuPropertyTable.Class"/>.</summary>
    internal object?[] Values { get; } = (object?[])InitialValues.Clone();

    private static object?[] InitialValues => initialValues ??= CreateInitialValues();

    [QomClassInit]
    private static void InitX86CpuClass(DeviceClass klass)
    {
        klass.Categories = DeviceCategories.Cpu;

        // Added last to first: QEMU lists a class's properties in the reverse of the order it iterates them.
        var rows = X86CpuPropertyTable.Class;
        for (int i = rows.Length - 1; i >= 0; i--)
        {
            klass.AddProperty(new X86CpuTableProperty(i, rows[i]));
        }
    }

    // QEMU's x86_cpu_initfn: the aliases of feature names and the feature word lists, added last
    // to first for the same reason.
    [QomInstanceInit]
    private void AddInstanceProperties()
    {
        var rows = X86CpuPropertyTable.Instance;
        for (int i = rows.Length - 1; i >= 0; i--)
        {
            var row = rows[i];
            AddProperty(row.Target is { } target ? new QomAliasProperty(row.Name, this, target) : new X86CpuFeatureWordsProperty(row.Name, row.Value!));
        }
    }

    /// <summary>The integer value of property <paramref name="name"/> (an id or a level).</summary>
    public long GetInteger(string name) => X86CpuValue.ToInt64(Values[IndexOf(name)]);

    /// <inheritdoc/>
    /// <remarks>
    /// QEMU's <c>x86_cpu_realizefn</c> as far as it is modelled: the topology check of the PC
    /// board's pre-plug, the expanded levels, the address space regions (the SMRAM view follows
    /// when the machine is built) and the local APIC as child <c>lapic</c>.
    /// </remarks>
    protected override void Realize()
    {
        if (GetInteger("socket-id") < 0)
        {
            throw new QomException("CPU socket-id is not set");
        }

        var rows = X86CpuPropertyTable.Class;
        foreach (string name in ExpandedAtRealize)
        {
            int i = IndexOf(name);
            if (Equals(Values[i], X86CpuValue.FromLiteral(rows[i].Default)) && rows[i].Value is { } value)
            {
                Values[i] = X86CpuValue.FromLiteral(value);
            }
        }

        WarnOfThreadsWithoutTopoext();
        SetTopologyFeatures();
        var memory = MemoryRegion.CreateContainer(this, "memory", ulong.MaxValue);
        if (Context.Qdev.SystemMemory.Root is { } system)
        {
            memory.AddSubregion(0, MemoryRegion.CreateAlias(this, "memory", system, 0, ulong.MaxValue));
        }

        addressSpace = memory;
        if (Context.Qdev.SystemMemory.Root is { } systemRoot)
        {
            // QEMU's cpu_address_space_init, named by the CPU's index (the first one free).
            int index = 0;
            while (Context.Qdev.AddressSpaces.All.Any(s => s.Name == $"cpu-memory-{index}"))
            {
                index++;
            }

            cpuIndex = index;
            Context.Qdev.AddressSpaces.Add($"cpu-memory-{index}", systemRoot);
            Context.Qdev.AddressSpaces.Add($"cpu-smm-{index}", memory);

            // QEMU's address_space_init takes a reference on its root region's owner, and x86 CPUs
            // never destroy their address spaces: an unplugged CPU stays (unparented) with them.
            Ref();
        }

        // A notifier added once the machine is done runs at once (a hot-plugged CPU).
        if (Context.Qdev.Phase == MachinePhase.MachineReady)
        {
            AddSmramView();
        }
        else
        {
            Context.Qdev.MachineInitDone += AddSmramView;
        }

        var apic = (Apic)Context.New(Apic.QomTypeName);
        apic.ApicId = (uint)GetInteger("apic-id");
        apic.CpuIndex = cpuIndex;
        AddChild("lapic", apic);
        apic.Unref();
        PlaceInstanceProperty("lapic", "lahf_lm");
        apic.RealizeOn(null);
        base.Realize();
    }

    private MemoryRegion? addressSpace;
    private int cpuIndex;

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>x86_cpu_unrealizefn</c>: the local APIC goes (the CPU itself stays, held by its address spaces).</remarks>
    protected override void Unrealize()
    {
        if (GetChild("lapic") is Apic apic)
        {
            apic.Unparent();
        }

        base.Unrealize();
    }

    /// <summary>Whether boolean feature <paramref name="name"/> is on.</summary>
    internal bool IsFeatureSet(string name) => Values[IndexOf(name)] is true;

    // QEMU's x86_cpu_expand_features: with several threads per package, CPUID_HT, and (but on Intel
    // and Zhaoxin models) CPUID_EXT3_CMP_LEG.
    private void SetTopologyFeatures()
    {
        if (Context.ResolvePath("/machine") is Machine { Smp: var smp } && smp.CoresPerSocket * smp.Threads > 1)
        {
            Values[IndexOf("ht")] = true;
            if (Values[IndexOf("vendor")] is not ("GenuineIntel" or "CentaurHauls" or "  Shanghai  "))
            {
                Values[IndexOf("cmp-legacy")] = true;
            }
        }
    }

    // QEMU's x86_cpu_realizefn warns once when an AMD model without topoext gets several threads
    // per core: the guest would not see them as threads.
    private void WarnOfThreadsWithoutTopoext()
    {
        if (Context.ResolvePath("/machine") is Machines.PcMachine { HyperthreadingWarned: false } machine && machine.Smp.Threads > 1 &&
            Values[IndexOf("vendor")] is "AuthenticAMD" && Values[IndexOf("topoext")] is false)
        {
            machine.HyperthreadingWarned = true;
            Context.Qdev.ReportWarning(System.FormattableString.Invariant(
                $"This family of AMD CPU doesn't support hyperthreading({machine.Smp.Threads}). Please configure -smp options properly or try enabling topoext feature.\n"));
        }
    }

    // QEMU's tcg_cpu_machine_done: once the board is built, the CPU's view of SMRAM (the host
    // bridge's smram region, when the machine has one) over its address space.
    private void AddSmramView()
    {
        Context.Qdev.MachineInitDone -= AddSmramView;
        if (addressSpace is not null && Context.ResolvePath("/machine/q35/mch/smram[0]") is MemoryRegion smram)
        {
            addressSpace.AddSubregion(0, MemoryRegion.CreateAlias(this, "smram", smram, 0, smram.Size), 1);
        }
    }

    private static int IndexOf(string name) => Array.FindIndex(X86CpuPropertyTable.Class, r => r.Name == name);

    private static object?[] CreateInitialValues()
    {
        var rows = X86CpuPropertyTable.Class;
        var values = new object?[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            // A setting starts at its default; a feature flag at qemu64's value.
            values[i] = X86CpuValue.FromLiteral(rows[i].Default ?? rows[i].Value);
        }

        return values;
    }
}
