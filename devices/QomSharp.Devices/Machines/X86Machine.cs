using QomSharp.Qdev;

namespace QomSharp.Devices.Machines;

/// <summary>QEMU's <c>x86-machine</c> (abstract): the common parent of PC boards.</summary>
[QomType("x86-machine", Abstract = true)]
public abstract partial class X86Machine : Machine
{
    // QEMU's x86_machine_class_init: the x86 options modelled here (stored, no modelled effect).
    [QomClassInit]
    private static void InitX86MachineClass(MachineClass klass)
    {
        MachineOptionProperties.AddOnOffAuto(klass, "smm", "Enable SMM");
        MachineOptionProperties.AddOnOffAuto(klass, "acpi", "Enable ACPI");
        MachineOptionProperties.AddOnOffAuto(klass, "pit", "Enable i8254 PIT");
        MachineOptionProperties.AddOnOffAuto(klass, "pic", "Enable i8259 PIC");
        AddAcpiHeaderId(klass, "x-oem-table-id", "BXPC    ", 8, "OEM Table ID");
        klass.AddProperty(new MachineValueProperty("bus-lock-ratelimit", "uint64_t", "Set the ratelimit for the bus locks acquired in VMs",
            static m => System.Text.Json.Nodes.JsonValue.Create(m.Options.Get("bus-lock-ratelimit", 0UL)),
            static (m, input) => m.Options.Set("bus-lock-ratelimit", input.ReadUInt64("bus-lock-ratelimit"))));
        klass.AddProperty(SgxEpcProperty());
        AddAcpiHeaderId(klass, "x-oem-id", "BOCHS ", 6, "OEMID");

        // QEMU's hash-table order (listings show it reversed).
        klass.SetPropertyIterationOrder("x-oem-id", "sgx-epc", "bus-lock-ratelimit", "x-oem-table-id", "pic", "pit", "acpi", "smm");
    }

    // QEMU's x-oem-id / x-oem-table-id: the ACPI table header's fields, at most `size` bytes.
    private static void AddAcpiHeaderId(MachineClass klass, string name, string initial, int size, string field) =>
        klass.AddProperty(new QomStringProperty(name, o => ((Machine)o).Options.Get(name, initial), (o, v) =>
        {
            if (System.Text.Encoding.UTF8.GetByteCount(v ?? string.Empty) > size)
            {
                throw new QomException($"User specified {name} value is bigger than {size} bytes in size");
            }

            ((Machine)o).Options.Set(name, v);
        }, description: $"Override the default value of field {field} in ACPI table header.The string may be up to {size} bytes in size", type: "string"));
}

/// <summary>QEMU's <c>generic-pc-machine</c> (abstract): the parent of the i440FX and Q35 boards.</summary>
[QomType("generic-pc-machine", Abstract = true)]
public abstract partial class PcMachine : X86Machine, IHotplugHandler
{
    /// <summary>The machine's vIOMMU (intel-iommu or virtio-iommu-pci), if one was accepted (QEMU allows one per x86 machine).</summary>
    public Device? DefaultIommu { get; internal set; }

    /// <summary>Whether QEMU's once-only warning about threads on an AMD CPU model without topoext was given.</summary>
    internal bool HyperthreadingWarned { get; set; }

    /// <summary>Whether a local APIC's MSI window is in the system address space (QEMU maps the first one only).</summary>
    internal bool ApicMmioMapped { get; set; }

    /// <summary>The machine's local APICs, to which interrupt messages are delivered.</summary>
    public I386.ApicBus Apics { get; } = new();

    /// <summary>Sets the CPU slots the board built (QEMU's <c>possible_cpus</c>).</summary>
    internal void SetPossibleCpus(System.Collections.Generic.IReadOnlyList<PossibleCpu> slots) => PossibleCpus = slots;

    /// <summary>QEMU's refusal of a second vIOMMU, whichever kind either is.</summary>
    public const string MultipleIommusMessage = "QEMU does not support multiple vIOMMUs for x86 yet.";

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>pc_get_hotplug_handler</c>: the machine handles virtio-iommu-pci (intel-iommu's check is in its realize).</remarks>
    public override IHotplugHandler? GetHotplugHandler(Device device) => device is Devices.Virtio.VirtioIommuPci or Devices.I386.X86Cpu ? this : null;

    /// <summary>
    /// QEMU's <c>pc_machine_device_pre_plug_cb</c> for virtio-iommu-pci: the APIC range becomes its
    /// MSI reserved region (a list given by the user cannot be set again: QEMU aborts there, this
    /// reports QEMU's text), then the one-vIOMMU rule.
    /// </summary>
    void IHotplugHandler.PrePlug(Device device)
    {
        if (device is Devices.I386.X86Cpu cpu)
        {
            PrePlugCpu(cpu);
        }
        else if (device is Devices.Virtio.VirtioIommuPci virtioIommu)
        {
            virtioIommu.SetPropertyValue("reserved-regions", QomInput.FromJson(System.Text.Json.JsonDocument.Parse(
                $"[\"0xfee00000:0xfeefffff:{Devices.Virtio.VirtioIommuReservedRegion.Msi}\"]").RootElement));
            if (DefaultIommu is not null)
            {
                throw new QomException(MultipleIommusMessage);
            }

            DefaultIommu = device;
        }
    }

    /// <summary>The board's ACPI device (QEMU's <c>acpi_dev</c>): the ICH9 LPC on q35, once created.</summary>
    internal Devices.Ich9.Ich9Lpc? AcpiDevice { get; set; }

    /// <summary>QEMU's <c>pc_cpu_plug</c>: the CPU fills its slot, and the ACPI device learns of it.</summary>
    void IHotplugHandler.Plug(Device device)
    {
        if (device is Devices.I386.X86Cpu cpu && FindCpuSlot((uint)cpu.GetInteger("apic-id"), out int index) is { } slot)
        {
            AcpiDevice?.CpuPlugged(cpu, index);
            slot.Cpu = cpu;
        }
    }

    /// <summary>
    /// QEMU's <c>pc_machine_device_unplug_request_cb</c>: a CPU's unplug goes through the ACPI
    /// device (the boot CPU never goes); other devices the machine handles go at once.
    /// </summary>
    void IHotplugHandler.UnplugRequest(Device device)
    {
        if (device is not Devices.I386.X86Cpu cpu)
        {
            ((IHotplugHandler)this).Unplug(device);
            return;
        }

        if (AcpiDevice is not { } acpi)
        {
            throw new QomException("CPU hot unplug not supported without ACPI");
        }

        FindCpuSlot((uint)cpu.GetInteger("apic-id"), out int index);
        if (index == 0)
        {
            throw new QomException("Boot CPU is unpluggable");
        }

        acpi.CpuUnplugRequested(cpu, index);
    }

    /// <summary>
    /// QEMU's <c>pc_cpu_unplug_cb</c> then <c>object_unparent</c>: the slot empties and the CPU
    /// goes. Its DEVICE_DELETED waits for the CPU to be freed, which its vCPU thread, never started
    /// under <c>-S</c>, holds off (QEMU 10.0 sends its local APIC's only).
    /// </summary>
    void IHotplugHandler.Unplug(Device device)
    {
        if (device is Devices.I386.X86Cpu cpu && FindCpuSlot((uint)cpu.GetInteger("apic-id"), out int index) is { } slot)
        {
            AcpiDevice?.CpuUnplugged(index);
            slot.Cpu = null;
            cpu.DropDeletedEvent();
        }

        device.Unparent();
    }

    // The topology ids a CPU carries, in QEMU's order of checks.
    private static readonly string[] CpuTopologyIds = ["socket-id", "die-id", "module-id", "core-id", "thread-id"];

    /// <summary>
    /// QEMU's <c>x86_cpu_pre_plug</c>: a CPU without an APIC id gets the one its topology ids
    /// give (die-id and module-id may be left out when there is one of them; each id is checked
    /// against the topology), then it must fit a free slot, and the ids it was given must match
    /// its APIC id, which then sets them all.
    /// </summary>
    private void PrePlugCpu(Devices.I386.X86Cpu cpu)
    {
        var smp = Smp;
        var layout = Devices.I386.X86Topology.Of(smp);
        uint apicId = (uint)cpu.GetInteger("apic-id");
        if (apicId == uint.MaxValue)
        {
            if (cpu.GetInteger("die-id") < 0 && smp.Dies == 1)
            {
                cpu.SetPropertyInt("die-id", 0);
            }

            if (cpu.GetInteger("module-id") < 0 && smp.Modules == 1)
            {
                cpu.SetPropertyInt("module-id", 0);
            }

            long maxSocket = (smp.MaxCpus - 1) / smp.Threads / smp.Cores / smp.Modules / smp.Dies;
            long[] limits = [maxSocket, smp.Dies - 1, smp.Modules - 1, smp.Cores - 1, smp.Threads - 1];
            var ids = new uint[CpuTopologyIds.Length];
            for (int i = 0; i < ids.Length; i++)
            {
                string name = CpuTopologyIds[i];
                long id = cpu.GetInteger(name);
                if (id < 0)
                {
                    throw new QomException($"CPU {name} is not set");
                }

                if (id > limits[i])
                {
                    throw new QomException(System.FormattableString.Invariant($"Invalid CPU {name}: {id} must be in range 0:{limits[i]}"));
                }

                ids[i] = (uint)id;
            }

            apicId = layout.ApicIdFromIds(ids[0], ids[1], ids[2], ids[3], ids[4]);
            cpu.SetPropertyInt("apic-id", apicId);
        }

        var (socket, die, module, core, thread) = layout.IdsFromApicId(apicId);
        if (FindCpuSlot(apicId, out int index) is not { } slot)
        {
            throw new QomException(System.FormattableString.Invariant(
                $"Invalid CPU [socket: {socket}, die: {die}, module: {module}, core: {core}, thread: {thread}] with APIC ID {apicId}, valid index range 0:{PossibleCpus.Count - 1}"));
        }

        if (slot.Cpu is not null)
        {
            throw new QomException(System.FormattableString.Invariant($"CPU[{index}] with APIC ID {apicId} exists"));
        }

        uint[] derived = [socket, die, module, core, thread];
        for (int i = 0; i < derived.Length; i++)
        {
            string name = CpuTopologyIds[i];
            long id = cpu.GetInteger(name);
            if (id != -1 && id != derived[i])
            {
                throw new QomException(System.FormattableString.Invariant($"property {name}: {id} doesn't match set apic-id: 0x{apicId:x} ({name}: {derived[i]})"));
            }

            cpu.SetPropertyInt(name, derived[i]);
        }
    }

    // QEMU's x86_find_cpu_slot: the slot of an APIC id and its index.
    private PossibleCpu? FindCpuSlot(uint apicId, out int index)
    {
        var slots = PossibleCpus;
        for (index = 0; index < slots.Count; index++)
        {
            if (slots[index].ArchId == apicId)
            {
                return slots[index];
            }
        }

        index = -1;
        return null;
    }

    // QEMU's pc_machine_class_init: the PC options modelled here (stored, no modelled effect).
    [QomClassInit]
    private static void InitPcMachineClass(MachineClass klass)
    {
        MachineOptionProperties.AddSize(klass, "max-fw-size", 8 * 1024 * 1024, "Maximum combined firmware size", CheckMaxFirmwareSize);
        // QEMU copies it to the root host bridge's bypass-iommu at board init; the model's board
        // exists before -machine options are set, so the setter carries it over.
        klass.AddProperty(new QomBoolProperty("default-bus-bypass-iommu",
            static o => ((Machine)o).Options.Get("default-bus-bypass-iommu", false),
            static (o, v) =>
            {
                ((Machine)o).Options.Set("default-bus-bypass-iommu", v);
                if (((Machine)o).GetChild("q35") is Pci.PciHostBridge host)
                {
                    host.BypassIommu = v;
                }
            }));
        MachineOptionProperties.AddBool(klass, "sata", true, "Enable/disable Serial ATA bus");
        MachineOptionProperties.AddBool(klass, "i8042", true, "Enable/disable Intel 8042 PS/2 controller emulation");
        MachineOptionProperties.AddBool(klass, "hpet", true, "Enable/disable high precision event timer emulation");
        MachineOptionProperties.AddSize(klass, "max-ram-below-4g", 4UL * 1024 * 1024 * 1024, "Maximum ram below the 4G boundary (32bit boundary)", CheckMaxRamBelow4G);
        MachineOptionProperties.AddBool(klass, "fd-bootchk", true, null);
        MachineOptionProperties.AddBool(klass, "smbus", true, "Enable/disable system management bus");
        MachineOptionProperties.AddOnOffAuto(klass, "vmport", "Enable vmport (pc & q35)");
        klass.AddProperty(new QomStringProperty("smbios-entry-point-type", static o => ((Machine)o).Options.Get("smbios-entry-point-type", "auto"),
            static (o, v) => ((Machine)o).Options.Set("smbios-entry-point-type", CheckSmbiosEntryPointType(v)), description: "SMBIOS Entry Point type [32, 64]"));

        // QEMU's hash-table order (listings show it reversed).
        klass.SetPropertyIterationOrder("smbus", "fd-bootchk", "max-ram-below-4g", "smbios-entry-point-type", "hpet", "i8042", "vmport", "sata",
            "default-bus-bypass-iommu", "max-fw-size");
        klass.DefaultBootOrder = "cad";

        // QEMU's PC machine types start with firmware=bios-256k.bin (their default machine options).
        klass.DefaultFirmware = "bios-256k.bin";
        klass.HotpluggableCpus = true;
        klass.DefaultCpuType = "qemu64-x86_64-cpu";
        klass.DefaultRamId = "pc.ram";
        klass.MaxCpus = 4096;

        // QEMU's pc_machine_class_init: x86 CPUs have dies and modules, and all four cache levels
        // may be given a topology level.
        klass.Smp = new SmpSupport(Dies: true, Modules: true, Caches: true);
    }

    // QEMU's SmbiosEntryPointType: 32, 64 or auto.
    private static string? CheckSmbiosEntryPointType(string? value) => value is "32" or "64" or "auto"
        ? value
        : throw new QomException($"Parameter 'smbios-entry-point-type' does not accept value '{value}'");

    // QEMU's pc_machine_set_max_ram_below_4g: the split cannot lie above the 32-bit boundary.
    private static void CheckMaxRamBelow4G(ulong value)
    {
        if (value > 4UL * 1024 * 1024 * 1024)
        {
            throw new QomException(System.FormattableString.Invariant($"Machine option 'max-ram-below-4g={value}' expects size less than or equal to 4G"));
        }
    }

    // QEMU's pc_machine_set_max_fw_size: flash above 16 MiB would overlap other regions below 4 GiB.
    private static void CheckMaxFirmwareSize(ulong value)
    {
        if (value > 16 * 1024 * 1024)
        {
            throw new QomException(System.FormattableString.Invariant(
                $"User specified max allowed firmware size {value} is greater than 16MiB. If combined firmware size exceeds 16MiB the system may not boot, or experience intermittentstability issues."));
        }
    }

    /// <summary>
    /// QEMU's <c>pc_hotplug_allowed</c> (M): without caching mode, intel-iommu cannot follow the guest's
    /// mappings, so assigned devices may not be hot-plugged.
    /// </summary>
    public override void CheckHotplugAllowed(Device device)
    {
        if (DefaultIommu is Devices.I386.IntelIommu { CachingMode: false } && device is Devices.Vfio.VfioPci)
        {
            throw new QomException("Device assignment is not allowed without enabling caching-mode=on for Intel IOMMU.");
        }
    }
}
