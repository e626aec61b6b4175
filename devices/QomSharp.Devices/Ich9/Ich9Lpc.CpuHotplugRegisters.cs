using QomSharp.Devices.Access;
using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.Ich9;

/// <summary>
/// ACPI CPU hot-plug at I/O 0xcd8 as QEMU 10.0 answers it. At first the legacy interface
/// (<c>cpu-hotplug-legacy</c> true): 32 bytes, byte accesses, a bitmap of the present CPUs by APIC
/// id; a device_add of a CPU sets its bit, and a CPU cannot be unplugged. Writing 0 to its first
/// byte (as the guest's ACPI tables do at start) or setting <c>cpu-hotplug-legacy</c> to false
/// replaces it with the modern interface: 12 bytes, accesses of 1 to 4 bytes, one CPU slot (of the
/// machine's possible CPUs) selected at a time.
/// <list type="table">
/// <item><term>0x00</term><description>write: the selector; read: command data 2 (the upper half of the APIC id for command 3, else 0)</description></item>
/// <item><term>0x04</term><description>flags: 1 enabled, 2 inserting, 4 removing, 16 firmware eject; writing 2 or 4 clears that event, 8 ejects the CPU (not the first), 16 marks it for the firmware</description></item>
/// <item><term>0x05</term><description>write: the command (0 selects the next slot with an event, 1 OST event, 2 OST status, 3 APIC id)</description></item>
/// <item><term>0x08</term><description>command data: the selector (command 0) or the APIC id (command 3); written: the OST event or status</description></item>
/// </list>
/// Only an access at a register's first byte reaches it; nothing answers while the selector is past
/// the last slot; an OST status write sends ACPI_DEVICE_OST. The SCI that a plug or unplug request
/// raises (GPE0 status bit 2) is not modelled.
/// </summary>
public sealed partial class Ich9Lpc
{
    // QEMU's ACPI_GPE_PROC_LEN and ACPI_CPU_HOTPLUG_REG_LEN.
    private const int LegacyCpuBitmapLength = 0x20;
    private const ulong ModernCpuHotplugSize = 12;

    private const ulong CpuSelectorOffset = 0;
    private const ulong CpuFlagsOffset = 4;
    private const ulong CpuCommandOffset = 5;
    private const ulong CpuDataOffset = 8;

    private const uint CpuEnabledFlag = 1;
    private const uint CpuInsertingFlag = 2;
    private const uint CpuRemovingFlag = 4;
    private const uint CpuEjectFlag = 8;
    private const uint CpuFirmwareRemoveFlag = 16;

    private const byte GetNextCpuWithEventCommand = 0;
    private const byte OstEventCommand = 1;
    private const byte OstStatusCommand = 2;
    private const byte GetCpuIdCommand = 3;

    private MemoryRegion? cpuHotplugRegion;
    private CpuHotplugSlot[]? cpuSlots;
    private uint cpuSelector;
    private byte cpuCommand;

    // QEMU's AcpiCpuStatus: the events of one possible CPU slot.
    private struct CpuHotplugSlot
    {
        public Device? Cpu;
        public bool Inserting;
        public bool Removing;
        public bool FirmwareRemove;
        public uint OstEvent;
        public uint OstStatus;
    }

    // QEMU's legacy_acpi_cpu_hotplug_init.
    private void MapCpuHotplugRegion()
    {
        cpuHotplugRegion = MemoryRegion.Create(this, "acpi-cpu-hotplug", CpuHotplugSize, new LegacyCpuHotplugPorts(this));
        MapPort(CpuHotplugPort, cpuHotplugRegion);
    }

    // The machine's CPU slots (QEMU's possible_cpus), in the order the registers number them.
    private System.Collections.Generic.IReadOnlyList<PossibleCpu> CpuSlots =>
        (board ??= Context.ResolvePath("/machine") as QomSharp.Qdev.Machine)?.PossibleCpus ?? [];

    private QomSharp.Qdev.Machine? board;

    // QEMU's cpu_hotplug.c: byte accesses; a byte holds the present bits of eight APIC ids.
    private sealed class LegacyCpuHotplugPorts(Ich9Lpc lpc) : AccessRules(validMin: 1, validMax: 1)
    {
        protected override ulong DeviceRead(ulong offset, int size)
        {
            uint bits = 0;
            foreach (var slot in lpc.CpuSlots)
            {
                if (slot.Cpu is not null && slot.ArchId / 8 == offset)
                {
                    bits |= 1U << (int)(slot.ArchId % 8);
                }
            }

            return bits;
        }

        // The firmware never wrote the bitmap: a 0 at its start asks for the modern interface.
        protected override void DeviceWrite(ulong offset, ulong value, int size)
        {
            if (offset == 0 && value == 0)
            {
                lpc.SwitchToModernCpuHotplug();
            }
        }
    }

    // QEMU's cpu_hotplug_ops: 1 to 4 bytes.
    private sealed class ModernCpuHotplugPorts(Ich9Lpc lpc) : AccessRules(validMin: 1, validMax: 4)
    {
        protected override ulong DeviceRead(ulong offset, int size) => lpc.ReadCpuHotplug(offset);

        protected override void DeviceWrite(ulong offset, ulong value, int size) => lpc.WriteCpuHotplug(offset, (uint)value);
    }

    /// <summary>Whether the legacy CPU hot-plug interface is in use (QEMU's <c>cpu-hotplug-legacy</c>).</summary>
    public bool CpuHotplugLegacy => cpuHotplugLegacy;

    // QEMU's ich9_pm_set_cpu_hotplug_legacy and acpi_switch_to_modern_cphp: the legacy bitmap goes
    // (its region stays the LPC's child) and the modern registers take its place. QEMU asserts on
    // a switch back; here it changes nothing.
    private void SetCpuHotplugLegacy(bool value)
    {
        if (!value)
        {
            SwitchToModernCpuHotplug();
        }
    }

    private void SwitchToModernCpuHotplug()
    {
        if (!cpuHotplugLegacy)
        {
            return;
        }

        cpuHotplugLegacy = false;
        if (cpuHotplugRegion is { } legacy)
        {
            Context.Qdev.IoSpace.Unmap(legacy);
        }

        var slots = CpuSlots;
        cpuSlots = new CpuHotplugSlot[slots.Count];
        for (int i = 0; i < slots.Count; i++)
        {
            cpuSlots[i].Cpu = slots[i].Cpu;
        }

        cpuHotplugRegion = MemoryRegion.Create(this, "acpi-cpu-hotplug", ModernCpuHotplugSize, new ModernCpuHotplugPorts(this));
        MapPort(CpuHotplugPort, cpuHotplugRegion);
    }

    private uint ReadCpuHotplug(ulong offset)
    {
        var slots = CpuSlots;
        if (cpuSlots is not { } state || cpuSelector >= state.Length)
        {
            return 0;
        }

        ref var slot = ref state[cpuSelector];
        ulong archId = slots[(int)cpuSelector].ArchId;
        switch (offset)
        {
            case CpuFlagsOffset:
                return (slot.Cpu is not null ? CpuEnabledFlag : 0)
                    | (slot.Inserting ? CpuInsertingFlag : 0)
                    | (slot.Removing ? CpuRemovingFlag : 0)
                    | (slot.FirmwareRemove ? CpuFirmwareRemoveFlag : 0);
            case CpuDataOffset:
                return cpuCommand switch
                {
                    GetNextCpuWithEventCommand => cpuSelector,
                    GetCpuIdCommand => (uint)archId,
                    _ => 0,
                };
            case CpuSelectorOffset:
                return cpuCommand == GetCpuIdCommand ? (uint)(archId >> 32) : 0;
            default:
                return 0;
        }
    }

    private void WriteCpuHotplug(ulong offset, uint value)
    {
        if (cpuSlots is not { } state || (offset != CpuSelectorOffset && cpuSelector >= state.Length))
        {
            return;
        }

        switch (offset)
        {
            case CpuSelectorOffset:
                cpuSelector = value;
                break;
            case CpuFlagsOffset:
                WriteCpuFlags(ref state[cpuSelector], value);
                break;
            case CpuCommandOffset when value <= GetCpuIdCommand:
                cpuCommand = (byte)value;
                if (cpuCommand == GetNextCpuWithEventCommand)
                {
                    SelectNextCpuWithEvent(state);
                }

                break;
            case CpuDataOffset when cpuCommand == OstEventCommand:
                state[cpuSelector].OstEvent = value;
                break;
            case CpuDataOffset when cpuCommand == OstStatusCommand:
                state[cpuSelector].OstStatus = value;
                SendOstEvent(cpuSelector, state[cpuSelector]);
                break;
        }
    }

    // QEMU's ACPI_DEVICE_OST: the slot's OST event and status, and the CPU's id if it has one.
    private void SendOstEvent(uint index, in CpuHotplugSlot slot)
    {
        var info = new System.Text.Json.Nodes.JsonObject();
        if (slot.Cpu?.Id is { } id)
        {
            info["device"] = id;
        }

        info["source"] = slot.OstEvent;
        info["status"] = slot.OstStatus;
        info["slot"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info["slot-type"] = "CPU";
        Context.Qdev.RaiseDeviceEvent("ACPI_DEVICE_OST", new System.Text.Json.Nodes.JsonObject { ["info"] = info });
    }

    // One action a write: clear the insert event, else the remove event, else eject, else mark for
    // the firmware's eject; the first CPU and an empty slot are never ejected.
    private void WriteCpuFlags(ref CpuHotplugSlot slot, uint value)
    {
        var cpu = slot.Cpu;
        bool ejectable = cpu is not null && !ReferenceEquals(cpu, FirstCpu);
        if ((value & CpuInsertingFlag) != 0)
        {
            slot.Inserting = false;
        }
        else if ((value & CpuRemovingFlag) != 0)
        {
            slot.Removing = false;
        }
        else if ((value & CpuEjectFlag) != 0 && ejectable)
        {
            slot.FirmwareRemove = false;
            if (cpu!.HotplugHandler is { } handler)
            {
                handler.Unplug(cpu);
            }
        }
        else if ((value & CpuFirmwareRemoveFlag) != 0 && (value & CpuEjectFlag) == 0 && ejectable)
        {
            slot.FirmwareRemove = true;
        }
    }

    // From the selected slot on, wrapping, the first with an event; the selector stays if none has.
    private void SelectNextCpuWithEvent(CpuHotplugSlot[] state)
    {
        uint at = cpuSelector;
        do
        {
            ref var slot = ref state[at];
            if (slot.Inserting || slot.Removing || slot.FirmwareRemove)
            {
                cpuSelector = at;
                return;
            }

            at = at + 1 < state.Length ? at + 1 : 0;
        }
        while (at != cpuSelector);
    }

    /// <summary>
    /// QEMU's <c>ich9_pm_device_plug_cb</c> for a CPU: with the legacy interface a CPU whose APIC id
    /// does not fit the bitmap switches to the modern one, which then takes the plug; with the
    /// modern interface the slot holds the CPU, and a hot-plugged one shows the insert event.
    /// </summary>
    internal void CpuPlugged(Device cpu, int index)
    {
        if (cpuHotplugLegacy && CpuSlots[index].ArchId / 8 >= LegacyCpuBitmapLength)
        {
            SwitchToModernCpuHotplug();
        }

        if (!cpuHotplugLegacy && cpuSlots is { } state && index < state.Length)
        {
            state[index].Cpu = cpu;
            state[index].Inserting |= cpu.IsHotplugged;
        }

        // Either interface tells the guest of a hot-plugged CPU through GPE0.
        if (cpu.IsHotplugged)
        {
            SendGpeEvent(CpuHotplugGpe);
        }
    }

    // QEMU's ACPI_CPU_HOTPLUG_STATUS: the GPE0 status bit of a CPU hot-plug event.
    private const byte CpuHotplugGpe = 0x04;

    /// <summary>QEMU's <c>acpi_cpu_unplug_cb</c>: the slot is empty.</summary>
    internal void CpuUnplugged(int index)
    {
        if (cpuSlots is { } state && index < state.Length)
        {
            state[index].Cpu = null;
        }
    }

    // QEMU's first_cpu: the first CPU created, the boot CPU in the first slot.
    private Device? FirstCpu => CpuSlots.Count > 0 ? CpuSlots[0].Cpu : null;

    /// <summary>
    /// QEMU's <c>ich9_pm_device_unplug_request_cb</c> for a CPU: refused with the legacy interface;
    /// with the modern one the slot shows the remove event and the CPU waits for the guest's eject.
    /// </summary>
    internal void CpuUnplugRequested(Device cpu, int index)
    {
        if (cpuHotplugLegacy || cpuSlots is not { } state)
        {
            throw new QomException($"acpi: device unplug request for not supported device type: {cpu.TypeName}");
        }

        if (index < state.Length)
        {
            state[index].Removing = true;
        }

        SendGpeEvent(CpuHotplugGpe);
    }
}
