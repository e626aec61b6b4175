using System;
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
    /// <summary>The guest suspended itself (ACPI S3) and waits for a wake-up (<c>system_wakeup</c>).</summary>
    Suspended,
    /// <summary>A shutdown stopped the guest and the process stays (<c>-no-shutdown</c>).</summary>
    Shutdown,
    /// <summary>QMP's <c>stop</c> stopped the guest, which ran or was suspended; <c>cont</c> goes back.</summary>
    Paused,
    /// <summary>
    /// Started with <c>-incoming</c>: the guest waits for a migration that never comes here; <c>stop</c>,
    /// <c>cont</c> and a reset leave it as it is.
    /// </summary>
    Inmigrate,
}

/// <summary>The qdev state of one QOM universe: machine phase, -global properties, naming counters.</summary>
public sealed class QdevState
{
    internal QdevState()
    {
        Globals = new(this);
        Migration = new(this);
        SystemMemory.LookupTracker = this;
        IoSpace.LookupTracker = this;
    }

    /// <summary>The incoming migration's state and the migration capabilities (nothing here migrates).</summary>
    public IncomingMigration Migration { get; }

    /// <summary>The run state <c>query-status</c> reports (<see cref="RunState.Prelaunch"/> until told otherwise).</summary>
    public RunState RunState { get; set; }

    /// <summary>The machine's phase.</summary>
    public MachinePhase Phase
    {
        get => phase;
        set
        {
            phase = value;
            UpdateDeviceCreationWork();
        }
    }

    private MachinePhase phase;

    /// <summary>The system address space (QEMU's <c>address_space_memory</c>).</summary>
    public AddressSpace SystemMemory { get; } = new("memory");

    /// <summary>The I/O port space (QEMU's <c>address_space_io</c>); its root is <c>io[0]</c>. qtest's <c>in</c>/<c>out</c> read and write it.</summary>
    public AddressSpace IoSpace { get; } = new("I/O") { UnassignedValue = ulong.MaxValue };

    /// <summary>
    /// Counts the changes to any memory region (QEMU regenerates every flat view after one): a
    /// lookup an address space recorded before the last change is no dispatch's most recent one.
    /// </summary>
    public long MemoryTopologyVersion { get; private set; }

    internal void MemoryTopologyChanged()
    {
        if (quietRegionChanges == 0)
        {
            MemoryTopologyVersion++;
        }
    }

    private int quietRegionChanges;

    /// <summary>
    /// Counts a change QEMU makes to a region the model makes later (a PCI function's bus master
    /// alias enabled or disabled before anything looked at it), as the change of a region
    /// (<see cref="MemoryTopologyVersion"/>).
    /// </summary>
    public void CountRegionChangeQemuMakes() => MemoryTopologyChanged();

    /// <summary>
    /// Runs <paramref name="make"/>, which makes regions late that QEMU made up front (a PCI
    /// function's bus master container and alias, made when first looked at): their changes are
    /// none QEMU makes now, so they do not count as one (<see cref="MemoryTopologyVersion"/>).
    /// </summary>
    public void MakeRegionsQemuMadeEarlier(System.Action make)
    {
        ArgumentNullException.ThrowIfNull(make);
        quietRegionChanges++;
        try
        {
            make();
        }
        finally
        {
            quietRegionChanges--;
        }
    }

    /// <summary>
    /// Where the firmware image is loaded into the system memory (QEMU's ROM loader writes it there
    /// through the address space at the first machine reset, unless a migration is to come); null
    /// for a machine without one.
    /// </summary>
    public ulong? FirmwareAddress { get; set; }

    /// <summary>The most recent lookup of <paramref name="space"/>'s dispatch since the last change to a region, if any.</summary>
    public ulong? LastLookup(AddressSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return space.LastLookup is { } lookup && lookup.Version == MemoryTopologyVersion ? lookup.Address : null;
    }

    // The most recent lookup of each flat view other than the system memory's and the I/O space's
    // (a device's DMA space behind a vIOMMU), by the region the view is made from.
    private readonly System.Collections.Generic.Dictionary<Memory.MemoryRegion, (ulong Address, long Version)> viewLookups =
        new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Records a lookup at <paramref name="address"/> in the dispatch of the flat view made from
    /// <paramref name="viewRoot"/> (a DMA space's own view: QEMU's dispatch of that view remembers it).
    /// </summary>
    public void RecordLookup(Memory.MemoryRegion viewRoot, ulong address)
    {
        ArgumentNullException.ThrowIfNull(viewRoot);
        viewLookups[viewRoot] = (address, MemoryTopologyVersion);
    }

    /// <summary>The most recent lookup of the flat view made from <paramref name="viewRoot"/> since the last change to a region, if any.</summary>
    public ulong? LastLookup(Memory.MemoryRegion viewRoot)
    {
        ArgumentNullException.ThrowIfNull(viewRoot);
        return viewLookups.TryGetValue(viewRoot, out var lookup) && lookup.Version == MemoryTopologyVersion ? lookup.Address : null;
    }

    // QEMU's ROM loader at the first machine reset (rom_reset): the firmware written through the
    // system memory, the dispatch's last lookup then its last page; nothing while a migration is to come.
    internal void LoadFirmware()
    {
        if (FirmwareAddress is { } address && RunState != RunState.Inmigrate)
        {
            SystemMemory.RecordLookup(address, MemoryTopologyVersion);
        }
    }

    /// <summary>The named address spaces <c>info mtree</c> prints, in the order they were made.</summary>
    public AddressSpaceList AddressSpaces { get; } = new();

    /// <summary>The <c>-global</c> properties, in registration order.</summary>
    public GlobalPropertyList Globals { get; }

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
            UpdateDeviceCreationWork();
        }
    }

    private IReadOnlyList<GlobalProperty> compatProps = [];

    // Read on every device creation, where a call through the list's interface costs more than
    // the usual answer (no compat property and no -global) is worth.
    internal bool HasCompatProps { get; private set; }

    // Whether a new device has anything to follow from this state: it is hot-plugged (the machine
    // is ready), or a compat or -global property may apply to it. Read on every device creation,
    // before anything else of the state (the usual answer is no: one test instead of three).
    internal bool DeviceCreationHasWork { get; private set; }

    internal void UpdateDeviceCreationWork() =>
        DeviceCreationHasWork = phase == MachinePhase.MachineReady || HasCompatProps || Globals.Count != 0;

    /// <summary>Raised when an unplugged device leaves the tree (QMP's <c>DEVICE_DELETED</c>): its id (or null) and QOM path.</summary>
    public event System.Action<string?, string>? DeviceDeleted;

    internal void RaiseDeviceDeleted(string? id, string path)
    {
        if (deferredDeletions is { } deferred)
        {
            deferred.Add((id, path));
        }
        else
        {
            DeviceDeleted?.Invoke(id, path);
        }
    }

    // While the main loop step runs a machine reset or wake-up: the DEVICE_DELETED of the unplugs
    // it completes, sent after its RESET or WAKEUP (QEMU sends them when the released device is
    // finalized, which RCU puts after the main loop's step).
    private List<(string? Id, string Path)>? deferredDeletions;

    /// <summary>Raised when a device sends a QMP event other than <c>DEVICE_DELETED</c>: its name and data.</summary>
    public event System.Action<string, System.Text.Json.Nodes.JsonObject>? DeviceEvent;

    /// <summary>Sends a device's QMP event (<c>ACPI_DEVICE_OST</c>, ...) to every QMP session.</summary>
    public void RaiseDeviceEvent(string name, System.Text.Json.Nodes.JsonObject data) => DeviceEvent?.Invoke(name, data);

    /// <summary>
    /// Raised for a warning QEMU prints while a monitor command runs (<c>warn_report</c>): the text
    /// after <c>warning: </c>, with its hint lines, ending in a newline.
    /// </summary>
    public event System.Action<string>? Warning;

    /// <summary>
    /// HMP <c>info lapic [apic-id]</c>'s text: of the APIC with that id (null: the monitor's CPU), as
    /// the machine's local APICs give it; null when the machine has none.
    /// </summary>
    public System.Func<long?, string>? LocalApicInfo { get; set; }

    internal void RaiseWarning(string text) => Warning?.Invoke(text);

    // Whether the blocked re-entrant access warning was printed (QEMU prints it once a process).
    private bool reentrantAccessReported;

    /// <summary>
    /// QEMU's warning, once a process, when its memory dispatch drops an access to a device's I/O
    /// region made while the device's own handlers run (re-entrancy guard).
    /// </summary>
    internal void ReportBlockedReentrantAccess(Memory.MemoryRegion region, ulong offset)
    {
        if (!reentrantAccessReported)
        {
            reentrantAccessReported = true;
            RaiseWarning($"Blocked re-entrant IO on MemoryRegion: {region.Name} at addr: 0x{offset:X}\n");
        }
    }

    /// <summary>Raised for a model's <c>error_report</c> that does not stop anything (a vIOMMU's fault): the text after the program name, ending in a newline.</summary>
    public event System.Action<string>? ErrorReported;

    /// <summary>A model's <c>error_report</c> that does not stop anything: raises <see cref="ErrorReported"/>.</summary>
    /// <param name="text">The text, ending in a newline.</param>
    public void ReportError(string text) => ErrorReported?.Invoke(text);

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

    /// <summary>
    /// Why the run ended where QEMU 10.0 aborts (a run-state transition it does not allow: a guest's
    /// suspend once shut down), with <see cref="ExitRequested"/>; null otherwise.
    /// </summary>
    public string? AbortReason { get; private set; }

    private (bool Guest, string Reason)? pendingReset;
    private (bool Guest, string Reason)? pendingShutdown;
    private bool pendingSuspend;
    private bool pendingWakeup;
    private bool pendingPowerdown;

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
    /// QEMU's <c>qemu_system_shutdown_request</c>: a shutdown for <paramref name="reason"/> (a guest's
    /// ACPI soft-off is <c>guest-shutdown</c>), run by <see cref="RunPendingRequests"/>.
    /// </summary>
    public void RequestShutdown(bool guest, string reason) => pendingShutdown = (guest, reason);

    /// <summary>
    /// QEMU's <c>qemu_system_suspend_request</c> (a guest's ACPI S3): the machine suspends when the
    /// main loop next runs (<see cref="RunState.Suspended"/>, QMP's <c>SUSPEND</c>); nothing if it is suspended.
    /// </summary>
    public void RequestSuspend()
    {
        if (RunState != RunState.Suspended)
        {
            pendingSuspend = true;
        }
    }

    /// <summary>
    /// Set by the device that can wake a suspended guest (QEMU's <c>qemu_register_wakeup_support</c>,
    /// the ACPI power management); QMP's <c>query-current-machine</c> reports it.
    /// </summary>
    public bool WakeupSupported { get; set; }

    /// <summary>
    /// QMP's <c>system_wakeup</c> (QEMU's <c>qemu_system_wakeup_request</c> for a reason other than
    /// a timer): refused without wake-up support or unless suspended; otherwise the guest runs again
    /// at once and the main loop resets the machine and raises <see cref="Woken"/> and <c>WAKEUP</c>.
    /// </summary>
    public void RequestWakeup()
    {
        if (!WakeupSupported)
        {
            throw new QomException("wake-up from suspend is not supported by this guest");
        }

        if (RunState != RunState.Suspended)
        {
            throw new QomException("Unable to wake up: guest is not in suspended state");
        }

        RunState = RunState.Running;
        pendingWakeup = true;
    }

    // Set when stop paused a suspended guest: cont suspends it again (QEMU's vm_was_suspended).
    private bool wasSuspended;

    /// <summary>
    /// QMP's <c>stop</c> (QEMU's <c>vm_stop</c> to <c>paused</c>): a guest that runs or is suspended
    /// stops (<c>STOP</c>, <see cref="RunState.Paused"/>); in any other run state nothing happens.
    /// </summary>
    public void Stop()
    {
        if (RunState is RunState.Running or RunState.Suspended)
        {
            wasSuspended = RunState == RunState.Suspended;
            RunState = RunState.Paused;
            MachineEvent?.Invoke("STOP");
        }
    }

    /// <summary>
    /// QMP's <c>cont</c>: refused after a shutdown (reset first); nothing for a guest that runs or is
    /// suspended, or that waits for an incoming migration (QEMU then only lets the guest run once the
    /// migration completes); otherwise <c>RESUME</c> and the guest runs, or is suspended again if it was when stopped.
    /// </summary>
    public void Continue()
    {
        switch (RunState)
        {
            case RunState.Shutdown:
                throw new QomException("Resetting the Virtual Machine is required");
            case RunState.Running or RunState.Suspended or RunState.Inmigrate:
                return;
            default:
                MachineEvent?.Invoke("RESUME");
                RunState = wasSuspended ? RunState.Suspended : RunState.Running;
                wasSuspended = false;
                return;
        }
    }

    /// <summary>QMP's <c>system_powerdown</c> (QEMU's <c>qemu_system_powerdown_request</c>): <c>POWERDOWN</c>, then <see cref="PowerdownRequested"/>.</summary>
    public void RequestPowerdown() => pendingPowerdown = true;

    /// <summary>
    /// QEMU's main loop step (<c>main_loop_should_exit</c>), in its order: a pending suspend
    /// (<c>SUSPEND</c>); a pending shutdown raises <see cref="Shutdown"/> and ends the run, or with
    /// <see cref="ShutdownPauses"/> stops a guest that runs or is suspended (<c>STOP</c>, run state
    /// shutdown); a pending reset resets the machine (<see cref="ResetDevices"/>), raises
    /// <see cref="Reset"/> and leaves a guest that did not run in prelaunch (one waiting for a migration stays); a wake-up resets the
    /// machine, raises <see cref="Woken"/> and <c>WAKEUP</c>; the <see cref="DeviceDeleted"/> of the
    /// unplugs these resets completed; a power-down request <c>POWERDOWN</c> and <see cref="PowerdownRequested"/>.
    /// </summary>
    public void RunPendingRequests()
    {
        if (pendingSuspend)
        {
            pendingSuspend = false;
            if (RunState == RunState.Shutdown)
            {
                // QEMU 10.0 has no transition from shutdown to suspended: it reports it and aborts.
                AbortReason = "invalid runstate transition: 'shutdown' -> 'suspended'";
                ExitRequested = true;
                pendingShutdown = null;
                pendingReset = null;
                pendingWakeup = false;
                pendingPowerdown = false;
                return;
            }

            RunState = RunState.Suspended;
            MachineEvent?.Invoke("SUSPEND");
        }

        if (pendingShutdown is { } shutdown)
        {
            pendingShutdown = null;
            Shutdown?.Invoke(shutdown.Guest, shutdown.Reason);
            if (!ShutdownPauses)
            {
                ExitRequested = true;
                pendingReset = null;
                pendingWakeup = false;
                pendingPowerdown = false;
                return;
            }

            if (RunState is RunState.Running or RunState.Suspended)
            {
                wasSuspended = RunState == RunState.Suspended;
                RunState = RunState.Shutdown;
                MachineEvent?.Invoke("STOP");
            }
        }

        if (pendingReset is { } reset)
        {
            pendingReset = null;
            deferredDeletions = [];
            ResetHandlers?.Invoke();
            ResetDevices?.Invoke();
            Reset?.Invoke(reset.Guest, reset.Reason);
            wasSuspended = false;
            if (RunState is not (RunState.Running or RunState.Inmigrate))
            {
                RunState = RunState.Prelaunch;
            }
        }

        if (pendingWakeup)
        {
            pendingWakeup = false;
            deferredDeletions ??= [];
            ResetHandlers?.Invoke();
            ResetDevices?.Invoke();
            Woken?.Invoke();
            MachineEvent?.Invoke("WAKEUP");
        }

        if (deferredDeletions is { } deleted)
        {
            deferredDeletions = null;
            foreach (var (id, path) in deleted)
            {
                DeviceDeleted?.Invoke(id, path);
            }
        }

        if (pendingPowerdown)
        {
            pendingPowerdown = false;
            MachineEvent?.Invoke("POWERDOWN");
            PowerdownRequested?.Invoke();
        }
    }

    /// <summary>
    /// Raised for a QMP event of the run state that carries no data: <c>SUSPEND</c>, <c>WAKEUP</c>,
    /// <c>POWERDOWN</c>, <c>STOP</c>, <c>RESUME</c>, and a device's <c>SUSPEND_DISK</c> (<see cref="RaiseMachineEvent"/>).
    /// </summary>
    public event System.Action<string>? MachineEvent;

    /// <summary>Sends a QMP event without data (<c>SUSPEND_DISK</c>) to every QMP session.</summary>
    public void RaiseMachineEvent(string name) => MachineEvent?.Invoke(name);

    /// <summary>QEMU's wake-up notifiers: raised after the wake-up's machine reset (the ACPI device sets its wake status).</summary>
    public event System.Action? Woken;

    /// <summary>QEMU's power-down notifiers: raised after <c>POWERDOWN</c> (the ACPI device's power button).</summary>
    public event System.Action? PowerdownRequested;

    /// <summary>
    /// The reset handlers devices register while the machine is built (QEMU's <c>qemu_register_reset</c>):
    /// a machine reset runs them before <see cref="ResetDevices"/>, as QEMU adds the device tree to
    /// its reset list only once the machine is created.
    /// </summary>
    public event System.Action? ResetHandlers;

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
