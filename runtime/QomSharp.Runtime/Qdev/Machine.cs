using System;
using System.Collections.Generic;

namespace QomSharp.Qdev;

/// <summary>
/// QEMU's <c>machine</c> (abstract): the board at <c>/machine</c>, with the containers
/// <c>unattached</c>, <c>peripheral</c> and <c>peripheral-anon</c> and the main system bus at
/// <c>/machine/unattached/sysbus</c>. A board type overrides <see cref="InitBoard"/>.
/// </summary>
[QomType("machine", Abstract = true, ClassType = typeof(MachineClass))]
public abstract partial class Machine : QomObject
{
    private SystemBus? mainSystemBus;

    /// <summary>The machine's class struct.</summary>
    public MachineClass MachineClass => (MachineClass)Class;

    /// <summary>The main system bus (<c>main-system-bus</c>).</summary>
    public SystemBus MainSystemBus => mainSystemBus ?? throw new InvalidOperationException("the machine is not initialised");

    /// <summary>The machine's stored options (<c>kernel</c>, <c>graphics</c>, ...).</summary>
    public MachineOptions Options { get; } = new();

    /// <summary>
    /// The RAM configuration (<c>-m</c>); unset, the machine type's default size with no room for
    /// hot-plugged memory. The board reads it when it is built.
    /// </summary>
    public MachineMemory Memory
    {
        get => memory ?? new MachineMemory(MachineClass.DefaultRamSize, MachineClass.DefaultRamSize, 0);
        set => memory = value;
    }

    private MachineMemory? memory;

    /// <summary>
    /// The CPU topology (<c>-smp</c>, the <c>smp</c> property); one CPU until set. The board reads it
    /// when it is built.
    /// </summary>
    public CpuTopology Smp { get; private set; } = CpuTopology.Single;

    /// <summary>
    /// The machine's CPU slots in index order (QEMU's <c>possible_cpus</c>), filled by a board that
    /// has CPUs when it is built; empty otherwise.
    /// </summary>
    public System.Collections.Generic.IReadOnlyList<PossibleCpu> PossibleCpus { get; protected set; } = [];

    /// <summary>
    /// Sets the topology from a configuration (QEMU's <c>machine_set_smp</c>): the struct's members
    /// read as QEMU's visitor reads them, then the topology computed and checked for this machine type.
    /// </summary>
    /// <exception cref="QomException">A member or the topology is refused (QEMU's message); nothing changes.</exception>
    public void SetSmp(System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, QomInput?>> members)
    {
        Smp = CpuTopology.Compute(MachineClass, SmpConfiguration.Read(members, "smp"));
    }

    // QEMU's machine_class_init: the options every machine has (those modelled here).
    [QomClassInit]
    private static void InitMachineClass(MachineClass klass)
    {
        MachineOptionProperties.AddString(klass, "kernel", "Linux kernel image file");
        MachineOptionProperties.AddString(klass, "dt-compatible", "Overrides the \"compatible\" property of the dt root node");
        MachineOptionProperties.AddString(klass, "initrd", "Linux initial ramdisk file");
        MachineOptionProperties.AddBool(klass, "aux-ram-share", false, null);
        MachineOptionProperties.AddBool(klass, "graphics", true, "Set on/off to enable/disable graphics emulation");
        MachineOptionProperties.AddBool(klass, "usb", false, "Set on/off to enable/disable usb");
        MachineOptionProperties.AddBool(klass, "dump-guest-core", true, "Include guest memory in a core dump");
        MachineOptionProperties.AddString(klass, "dumpdtb", "Dump current dtb to a file and quit");
        MachineOptionProperties.AddBool(klass, "mem-merge", true, "Enable/disable memory merge support");
        MachineOptionProperties.AddString(klass, "dtb", "Linux kernel device tree file");
        MachineOptionProperties.AddString(klass, "append", "Linux kernel command line");
        MachineOptionProperties.AddBool(klass, "suppress-vmdesc", false, "Set on to disable self-describing migration");
        AddMemoryBackendProperty(klass);
        klass.AddProperty(new MachineSmpProperty());
        AddConfigurationProperties(klass);

        // QEMU's hash-table order of machine_class_init's properties (listings show it reversed).
        klass.SetPropertyIterationOrder("suppress-vmdesc", "append", "dtb", "mem-merge", "memory-backend", "phandle-start", "dumpdtb",
            "smp-cache", "shim", "smp", "dump-guest-core", "memory-encryption", "firmware", "usb", "graphics", "aux-ram-share",
            "confidential-guest-support", "initrd", "memory", "boot", "dt-compatible", "kernel");
    }

    // QEMU's qemu_create_machine_containers: made when the machine becomes /machine, not by its
    // instance init, so a machine made only to be listed (qom-list-properties) has none.
    private void CreateContainers()
    {
        foreach (var name in new[] { "unattached", "peripheral", "peripheral-anon" })
        {
            var container = Context.New("container");
            AddChild(name, container);
            container.Unref();
        }
    }

    /// <summary>
    /// Finds a machine type by its command-line name or alias (<c>q35</c>, <c>pc-q35-7.2</c>);
    /// null when none matches.
    /// </summary>
    public static MachineClass? FindMachineClass(QomContext context, string name)
    {
        foreach (var klass in context.GetClasses(Machine.QomTypeName))
        {
            if (klass is MachineClass machine && (machine.MachineName == name || machine.Alias == name))
            {
                return machine;
            }
        }

        return null;
    }

    /// <summary>
    /// The concrete machine types in <c>-machine help</c> order (QEMU's <c>machine_class_cmp</c>):
    /// families first, alphabetically, newest version first within a family; then standalone
    /// boards by type name.
    /// </summary>
    public static List<MachineClass> ListMachineClasses(QomContext context)
    {
        var list = new List<MachineClass>();
        foreach (var klass in context.GetClasses(Machine.QomTypeName))
        {
            if (klass is MachineClass machine)
            {
                list.Add(machine);
            }
        }

        list.Sort(static (a, b) =>
        {
            if (a.Family is null || b.Family is null)
            {
                return a.Family is null && b.Family is null ? string.CompareOrdinal(a.Name, b.Name) : a.Family is null ? 1 : -1;
            }

            int byFamily = string.CompareOrdinal(a.Family, b.Family);
            return byFamily != 0 ? byFamily : string.CompareOrdinal(b.Name, a.Name);
        });
        return list;
    }

    /// <summary>
    /// Creates the machine at <c>/machine</c> (the machine type's compatibility properties now apply
    /// to every device created), its main system bus and its board, and moves the
    /// universe to <see cref="MachinePhase.MachineInitialized"/> (cold-plug may begin).
    /// </summary>
    public static Machine Create(QomContext context, MachineClass machineClass) => Create(context, machineClass, null);

    /// <summary>
    /// Creates the machine as <see cref="Create(QomContext, MachineClass)"/> does, running
    /// <paramref name="configure"/> on it before the board is built: QEMU applies the machine's
    /// options (<c>-machine</c>, <c>-m</c>) there, so the board follows them.
    /// </summary>
    public static Machine Create(QomContext context, MachineClass machineClass, Action<Machine>? configure)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(machineClass);
        context.Qdev.CompatProps = machineClass.CompatProps;
        var machine = (Machine)machineClass.CreateInstance();
        context.Root.AddChild("machine", machine);
        machine.Unref();
        machine.CreateContainers();
        context.Qdev.Phase = MachinePhase.MachineCreated;
        CreateAddressSpaceRoots(context, machine);
        var bus = (SystemBus)Bus.Create(context, SystemBus.QomTypeName, null, "main-system-bus");
        machine.GetChild("unattached")!.AddChild("sysbus", bus);
        bus.Unref();
        machine.mainSystemBus = bus;

        // QEMU never realizes the main system bus: it has no parent device (qom-get realized is false).
        configure?.Invoke(machine);
        machine.SetUpRam();
        machine.InitBoard();
        context.Qdev.Phase = MachinePhase.MachineInitialized;
        return machine;
    }

    // QEMU's memory_map_init: the roots of the system memory (all 2^64 bytes) and of the 64 KiB of
    // I/O ports, owned by nobody, so under /machine/unattached.
    private static void CreateAddressSpaceRoots(QomContext context, Machine machine)
    {
        var unattached = machine.GetChild("unattached")!;
        context.Qdev.SystemMemory.Root = global::QomSharp.Memory.MemoryRegion.CreateContainer(unattached, "system", ulong.MaxValue);
        context.Qdev.IoSpace.Root = global::QomSharp.Memory.MemoryRegion.Create(unattached, "io", 0x10000);
        context.Qdev.AddressSpaces.Add("memory", context.Qdev.SystemMemory.Root);
        context.Qdev.AddressSpaces.Add("I/O", context.Qdev.IoSpace.Root);
    }

    // What ResolvePath("/machine") finds, without splitting a path: every device added asks for it.
    internal static Machine? Current(QomContext context)
    {
        var root = context.Root;
        var property = root.FindProperty("machine");
        return property is { IsResolvable: true } ? property.Resolve(root) as Machine : null;
    }

    /// <summary>Builds the board's fixed devices (QEMU's <c>MachineClass.init</c>).</summary>
    protected virtual void InitBoard()
    {
    }

    /// <summary>
    /// The machine's own hot-plug handler for a device, if it has one (QEMU's
    /// <c>get_hotplug_handler</c>); it takes precedence over the bus's.
    /// </summary>
    public virtual IHotplugHandler? GetHotplugHandler(Device device) => null;

    /// <summary>Whether a sysbus device of this type may be created with <c>-device</c> on this machine.</summary>
    public virtual bool AllowsDynamicSysBusDevice(string typeName) => false;

    /// <summary>
    /// QEMU's <c>MachineClass.hotplug_allowed</c>: throw a <see cref="QomException"/> to refuse a
    /// device about to be hot-plugged (checked before any of its properties is set).
    /// </summary>
    public virtual void CheckHotplugAllowed(Device device)
    {
    }

    /// <summary>
    /// QEMU's <c>qdev_machine_creation_done</c>: the machine is ready (later devices are hot-plugged),
    /// then the machine-init-done notifiers run. A notifier that finds the configuration unusable
    /// throws a <see cref="QomException"/>, where QEMU reports the error and exits.
    /// </summary>
    public void CreationDone()
    {
        Context.Qdev.Phase = MachinePhase.MachineReady;
        Context.Qdev.RaiseMachineInitDone();
        Context.Qdev.LoadFirmware();
    }
}
