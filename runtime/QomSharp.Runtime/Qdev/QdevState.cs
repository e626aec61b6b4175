using System.Collections.Generic;
using QomSharp.Memory;

namespace QomSharp.Qdev;

/// <summary>Where machine creation stands (QEMU's <c>MachineInitPhase</c>); devices created once it is ready are hot-plugged.</summary>
public enum MachinePhase
{
    /// <summary>Options are being processed.</summary>
    NoMachine,
    /// <summary>The machine object exists.</summary>
    MachineCreated,
    /// <summary>The machine is initialised; cold-plugged devices are being created.</summary>
    MachineInitialized,
    /// <summary>The machine runs: new devices are hot-plugged.</summary>
    MachineReady,
}

/// <summary>Whether the guest runs (QEMU's <c>RunState</c>, as far as it is modelled).</summary>
public enum RunState
{
    /// <summary>Started with <c>-S</c>: nothing has run yet.</summary>
    Prelaunch,
    /// <summary>The guest runs.</summary>
    Running,
}

/// <summary>The qdev state of one QOM universe: machine phase, -global properties, naming counters.</summary>
public sealed class QdevState
{
    internal QdevState()
    {
    }

    /// <summary>The run state <c>query-status</c> reports (<see cref="RunState.Prelaunch"/> until told otherwise).</summary>
    public RunState RunState { get; set; }

    /// <summary>The machine's phase.</summary>
    public MachinePhase Phase { get; set; }

    /// <summary>The system address space (QEMU's <c>address_space_memory</c>).</summary>
    public AddressSpace SystemMemory { get; } = new("memory");

    /// <summary>The I/O port space (QEMU's <c>address_space_io</c>); its root is <c>io[0]</c>. qtest's <c>in</c>/<c>out</c> read and write it.</summary>
    public AddressSpace IoSpace { get; } = new("I/O") { UnassignedValue = ulong.MaxValue };

    /// <summary>The named address spaces <c>info mtree</c> prints, in the order they were made.</summary>
    public AddressSpaceList AddressSpaces { get; } = new();

    /// <summary>The <c>-global</c> properties, in registration order.</summary>
    public List<GlobalProperty> Globals { get; } = [];

    /// <summary>
    /// The machine type's compatibility properties (QEMU's <c>object_set_machine_compat_props</c>),
    /// applied to every device before the <c>-global</c> ones, in order (the last one wins).
    /// </summary>
    public IReadOnlyList<GlobalProperty> CompatProps
    {
        get => compatProps;
        internal set
        {
            compatProps = value;
            HasCompatProps = value.Count != 0;
        }
    }

    private IReadOnlyList<GlobalProperty> compatProps = [];

    // Read on every device creation, where a call through the list's interface costs more than
    // the usual answer (no compat property and no -global) is worth.
    internal bool HasCompatProps { get; private set; }

    /// <summary>Raised when an unplugged device leaves the tree (QMP's <c>DEVICE_DELETED</c>): its id (or null) and QOM path.</summary>
    public event System.Action<string?, string>? DeviceDeleted;

    internal void RaiseDeviceDeleted(string? id, string path) => DeviceDeleted?.Invoke(id, path);

    /// <summary>Raised when a device sends a QMP event other than <c>DEVICE_DELETED</c>: its name and data.</summary>
    public event System.Action<string, System.Text.Json.Nodes.JsonObject>? DeviceEvent;

    /// <summary>Sends a device's QMP event (<c>ACPI_DEVICE_OST</c>, ...) to every QMP session.</summary>
    public void RaiseDeviceEvent(string name, System.Text.Json.Nodes.JsonObject data) => DeviceEvent?.Invoke(name, data);

    /// <summary>
    /// Raised for a warning QEMU prints while a monitor command runs (<c>warn_report</c>): the text
    /// after <c>warning: </c>, with its hint lines, ending in a newline.
    /// </summary>
    public event System.Action<string>? Warning;

    internal void RaiseWarning(string text) => Warning?.Invoke(text);

    /// <summary>A model's <c>warn_report</c> (and its <c>error_printf</c> lines): raises <see cref="Warning"/>.</summary>
    /// <param name="text">The text after <c>warning: </c>, ending in a newline.</param>
    public void ReportWarning(string text) => RaiseWarning(text);

    /// <summary>
    /// QEMU's machine-init-done notifiers, run once by <see cref="Machine.CreationDone"/> in the
    /// order they were added; a handler throws a <see cref="QomException"/> where QEMU would exit.
    /// </summary>
    public event System.Action? MachineInitDone;

    internal void RaiseMachineInitDone() => MachineInitDone?.Invoke();

    /// <summary>
    /// QEMU's <c>-no-reboot</c> (<c>-action reboot=shutdown</c>): a reset request shuts the machine
    /// down instead (<see cref="Shutdown"/> with the reset's reason).
    /// </summary>
    public bool RebootShutsDown { get; set; }

    /// <summary>
    /// QEMU's <c>-no-shutdown</c> (<c>-action shutdown=pause</c>): a shutdown leaves the process
    /// running (a guest that has not run stays in its run state) instead of ending it.
    /// </summary>
    public bool ShutdownPauses { get; set; }

    /// <summary>Set once a shutdown ended the run (QEMU exits): servers stop reading commands.</summary>
    public bool ExitRequested { get; private set; }

    private (bool Guest, string Reason)? pendingReset;
    private (bool Guest, string Reason)? pendingShutdown;

    /// <summary>
    /// QEMU's <c>qemu_system_reset_request</c>: a machine reset for <paramref name="reason"/>
    /// (<c>guest-reset</c>, <c>host-qmp-system-reset</c>), run by <see cref="RunPendingRequests"/>
    /// as QEMU's main loop runs it between commands; with <see cref="RebootShutsDown"/> a shutdown.
    /// </summary>
    public void RequestReset(bool guest, string reason)
    {
        if (RebootShutsDown)
        {
            pendingShutdown ??= (guest, reason);
        }
        else
        {
            pendingReset ??= (guest, reason);
        }
    }

    /// <summary>
    /// QEMU's main loop step (<c>main_loop_should_exit</c>): a pending shutdown raises
    /// <see cref="Shutdown"/> (and ends the run unless <see cref="ShutdownPauses"/>); a pending reset
    /// resets the machine (<see cref="ResetDevices"/>) and raises <see cref="Reset"/>.
    /// </summary>
    public void RunPendingRequests()
    {
        if (pendingShutdown is { } shutdown)
        {
            pendingShutdown = null;
            Shutdown?.Invoke(shutdown.Guest, shutdown.Reason);
            if (!ShutdownPauses)
            {
                ExitRequested = true;
                pendingReset = null;
                return;
            }
        }

        if (pendingReset is { } reset)
        {
            pendingReset = null;
            ResetDevices?.Invoke();
            Reset?.Invoke(reset.Guest, reset.Reason);
        }
    }

    /// <summary>The machine's reset (QEMU's <c>qemu_devices_reset</c> through the machine's reset hook).</summary>
    public event System.Action? ResetDevices;

    /// <summary>Raised after a machine reset (QMP's <c>RESET</c>): whether the guest asked, and the reason.</summary>
    public event System.Action<bool, string>? Reset;

    /// <summary>Raised for a shutdown (QMP's <c>SHUTDOWN</c>): whether the guest asked, and the reason.</summary>
    public event System.Action<bool, string>? Shutdown;

    /// <summary>The next <c>/machine/unattached/device[N]</c> index (given back when realize fails).</summary>
    internal int UnattachedCount { get; set; }

    /// <summary>
    /// Skips <c>/machine/unattached/device[N]</c> indices that QEMU's board gives to devices not
    /// modelled here, so the modelled board devices get QEMU's paths.
    /// </summary>
    public void SkipUnattachedIndices(int count) => UnattachedCount += count;

    /// <summary>The next <c>/machine/peripheral-anon/device[N]</c> index.</summary>
    internal int AnonymousCount { get; set; }

    /// <summary>The buses with a parent device, by name, for <c>bus=</c>.</summary>
    internal BusNameIndex BusNames { get; } = new();
}
