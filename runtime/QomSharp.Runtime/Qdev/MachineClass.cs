using System.Collections.Generic;

namespace QomSharp.Qdev;

/// <summary>
/// The class struct of <c>machine</c> (QEMU's <c>MachineClass</c>): its name on the command line,
/// alias, description, what <c>query-machines</c> reports, and the compatibility properties of a
/// versioned machine type.
/// </summary>
public class MachineClass : QomClass
{
    /// <summary>The description shown by <c>-machine help</c>.</summary>
    public string? Description { get; set; }

    /// <summary>A short name that also selects the machine (<c>q35</c>).</summary>
    public string? Alias { get; set; }

    /// <summary>The family of versioned boards (<c>pc_q35</c>); null for a standalone board.</summary>
    public string? Family { get; set; }

    /// <summary>Whether this is the machine used when <c>-machine</c> is not given.</summary>
    public bool IsDefault { get; set; }

    /// <summary>Why the machine type is deprecated (QEMU's <c>deprecation_reason</c>); null when it is not.</summary>
    public string? DeprecationReason { get; set; }

    /// <summary>Whether the machine type is deprecated (marked in <c>-machine help</c>, warned about when used).</summary>
    public bool Deprecated => DeprecationReason is not null;

    /// <summary>The most CPUs the machine takes (<c>query-machines</c>' <c>cpu-max</c>).</summary>
    public int MaxCpus { get; set; } = 1;

    /// <summary>The fewest CPUs the machine takes (QEMU's <c>min_cpus</c>; 0: no lower limit).</summary>
    public int MinCpus { get; set; }

    /// <summary>The CPU topology levels the machine takes and how omitted counts are filled in (QEMU's <c>smp_props</c>).</summary>
    public SmpSupport Smp { get; set; } = SmpSupport.Default;

    /// <summary>Whether CPUs can be hot-plugged (<c>hotpluggable-cpus</c>).</summary>
    public bool HotpluggableCpus { get; set; }

    /// <summary>Whether <c>-numa node,mem=</c> is still accepted (<c>numa-mem-supported</c>).</summary>
    public bool NumaMemSupported { get; set; }

    /// <summary>The CPU model used without <c>-cpu</c>, if the machine has CPUs (<c>default-cpu-type</c>).</summary>
    public string? DefaultCpuType { get; set; }

    /// <summary>The id of the main RAM backend (<c>default-ram-id</c>).</summary>
    public string DefaultRamId { get; set; } = "ram";

    /// <summary>The RAM size without <c>-m</c> (QEMU's <c>default_ram_size</c>: 128 MiB).</summary>
    public ulong DefaultRamSize { get; set; } = 128UL * 1024 * 1024;

    /// <summary>The boot order without <c>-boot</c> (QEMU's <c>default_boot_order</c>); null when the type has none.</summary>
    public string? DefaultBootOrder { get; set; }

    /// <summary>
    /// The firmware image the machine starts with (QEMU's <c>firmware=</c> in the type's
    /// <c>default_machine_opts</c>); null when the type names none.
    /// </summary>
    public string? DefaultFirmware { get; set; }

    /// <summary>Whether the machine has ACPI (QEMU: it has an <c>acpi</c> property).</summary>
    public bool HasAcpi => FindProperty("acpi") is not null;

    /// <summary>
    /// The compatibility properties of this machine type, in the order QEMU applies them (QEMU's
    /// <c>MachineClass.compat_props</c>: the newer version's, then this version's own). A class
    /// sets its own list; it is not shared with the parent's.
    /// </summary>
    public IReadOnlyList<GlobalProperty> CompatProps { get; set; } = [];

    /// <summary>The name users give to <c>-machine</c>: the type name without its <c>-machine</c> suffix.</summary>
    public string MachineName => Name.EndsWith("-machine", System.StringComparison.Ordinal) ? Name[..^8] : Name;

    /// <inheritdoc/>
    protected internal override void InheritFrom(QomClass parent)
    {
        base.InheritFrom(parent);
        if (parent is MachineClass machine)
        {
            Description = machine.Description;
            MaxCpus = machine.MaxCpus;
            MinCpus = machine.MinCpus;
            Smp = machine.Smp;
            HotpluggableCpus = machine.HotpluggableCpus;
            NumaMemSupported = machine.NumaMemSupported;
            DefaultCpuType = machine.DefaultCpuType;
            DefaultRamId = machine.DefaultRamId;
            DefaultBootOrder = machine.DefaultBootOrder;
            DefaultFirmware = machine.DefaultFirmware;
        }
    }
}
