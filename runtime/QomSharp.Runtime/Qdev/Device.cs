using System.Collections.Generic;

namespace QomSharp.Qdev;

/// <summary>
/// QEMU's <c>device</c> (abstract): an object that is realized (brought to life) after its
/// properties are set, usually plugged into a bus. <see cref="Realize"/> and <see cref="Unrealize"/>
/// are the class's realize and unrealize methods; an override chains to its parent's with
/// <c>base.Realize()</c>, as QEMU's <c>device_class_set_parent_realize</c> does.
/// </summary>
[QomType("device", Abstract = true, ClassType = typeof(DeviceClass))]
public abstract partial class Device : QomObject, IVmStateIf, IResettable
{
    // Realized is the object's lock on static properties: a write of one then asks
    // BeforeStaticPropertySet, which refuses it.
    private const int RealizedFlag = StaticPropertiesLockedFlag;
    private const int HotpluggedFlag = FinalizedFlag << 2;
    private const int PendingDeletedFlag = FinalizedFlag << 3;

    // Set at realize when the device's path reached the root: DEVICE_DELETED is due with that path
    // at unparent (QEMU keeps the path from realize; it is the same there, so it is not stored).
    private const int DeletedEventPathFlag = FinalizedFlag << 4;

    // Set while one of the device's I/O regions runs its callbacks (QEMU's
    // mem_reentrancy_guard.engaged_in_io): an access to another of them meanwhile is dropped.
    private const int EngagedInIoFlag = FinalizedFlag << 5;

    private static readonly IReadOnlyList<Bus> NoBuses = System.Array.Empty<Bus>();

    // The index N of the device as /machine/peripheral-anon's child device[N], plus one (0: none),
    // kept in the flags' bits 6-28 while the container holds the device itself (TrySetLinkIndex).
    private const int LinkIndexShift = 6;
    private const int LinkIndexMask = ((1 << 23) - 1) << LinkIndexShift;
    private const string AnonymousStem = "device";

    /// <inheritdoc/>
    internal override bool TrySetLinkIndex(string stem, int index)
    {
        if (stem != AnonymousStem || index < 0 || index >= (LinkIndexMask >> LinkIndexShift) - 1)
        {
            return false;
        }

        flags = (flags & ~LinkIndexMask) | ((index + 1) << LinkIndexShift);
        return true;
    }

    /// <inheritdoc/>
    internal override int LinkIndex => ((flags & LinkIndexMask) >> LinkIndexShift) - 1;

    /// <inheritdoc/>
    internal override string? LinkIndexStem => (flags & LinkIndexMask) != 0 ? AnonymousStem : null;

    /// <inheritdoc/>
    internal override void ClearLinkIndex() => flags &= ~LinkIndexMask;

    /// <inheritdoc/>
    internal override string? OwnLinkName => (flags & LinkIndexMask) != 0 ? IndexedLinkName() : null;

    // What most devices do not have (an anonymous device providing no bus has neither): kept out of
    // line, so that a machine of many devices does not carry the fields in each. A device that has
    // them keeps its parent bus here too.
    private sealed class Extras
    {
        public string? Id;

        // Newest first.
        public List<Bus>? ChildBuses;

        public Bus? ParentBus;
    }

    // The parent bus (or null) while the device has no Extras, then its Extras: one reference for
    // both, kept with the object's parent link and instance properties (an anonymous device made
    // and dropped without a bus, the usual short-lived one, has no field for it).
    private object? busOrExtras
    {
        get => SideSlot;
        set => SideSlot = value;
    }

    private Extras? ExtrasIfAny => busOrExtras as Extras;

    private Extras GetOrAddExtras()
    {
        if (busOrExtras is Extras existing)
        {
            return existing;
        }

        var created = new Extras { ParentBus = (Bus?)busOrExtras };
        busOrExtras = created;
        return created;
    }

    /// <summary>The device's id (its name under <c>/machine/peripheral</c>), or null for an anonymous device.</summary>
    public string? Id
    {
        get => ExtrasIfAny?.Id;
        internal set
        {
            if (value is not null || busOrExtras is Extras)
            {
                GetOrAddExtras().Id = value;
            }
        }
    }

    /// <summary>Whether the device is realized.</summary>
    public bool IsRealized
    {
        get => (flags & RealizedFlag) != 0;
        private set => SetFlag(RealizedFlag, value);
    }

    /// <summary>Whether the device was created after the machine was ready (hot-plugged).</summary>
    public bool IsHotplugged
    {
        get => (flags & HotpluggedFlag) != 0;
        private set => SetFlag(HotpluggedFlag, value);
    }

    /// <summary>The bus the device is plugged into, if any.</summary>
    public Bus? ParentBus
    {
        get => busOrExtras is Extras extras ? extras.ParentBus : (Bus?)busOrExtras;
        private set
        {
            if (busOrExtras is Extras extras)
            {
                extras.ParentBus = value;
            }
            else
            {
                busOrExtras = value;
            }
        }
    }

    /// <summary>The buses this device provides, newest first.</summary>
    public IReadOnlyList<Bus> ChildBuses => (IReadOnlyList<Bus>?)ExtrasIfAny?.ChildBuses ?? NoBuses;

    /// <summary>Set when an unrealize completed and DEVICE_DELETED is due.</summary>
    public bool PendingDeletedEvent
    {
        get => (flags & PendingDeletedFlag) != 0;
        internal set => SetFlag(PendingDeletedFlag, value);
    }

    /// <summary>
    /// Marks an unplug as requested and left to the guest (a hot-plug handler that waits for the
    /// guest's eject): the device stays, and a further <c>device_del</c> is refused until it goes.
    /// </summary>
    public void MarkUnplugPending() => PendingDeletedEvent = true;

    /// <summary>
    /// Leaves out the DEVICE_DELETED event of this device's coming removal (QEMU sends it when the
    /// object is freed, which may never happen while something else holds it); its children's
    /// events are sent as usual.
    /// </summary>
    public void DropDeletedEvent() => SetFlag(DeletedEventPathFlag, false);

    private void SetFlag(int flag, bool value) => flags = value ? flags | flag : flags & ~flag;

    /// <summary>
    /// Whether one of the device's I/O regions is running its callbacks (QEMU's
    /// <c>mem_reentrancy_guard.engaged_in_io</c>), set and cleared by the address space's dispatch.
    /// </summary>
    internal bool EngagedInIo
    {
        get => (flags & EngagedInIoFlag) != 0;
        set => SetFlag(EngagedInIoFlag, value);
    }

    /// <summary>The device's class struct.</summary>
    public DeviceClass DeviceClass => (DeviceClass)Class;

    /// <summary>QEMU's <c>hotpluggable</c> property: the class allows it and so does the parent bus.</summary>
    public bool IsHotpluggable => DeviceClass.Hotpluggable && (ParentBus is null || ParentBus.IsHotpluggable);

    [QomClassInit]
    private static void InitDeviceClass(DeviceClass klass)
    {
        klass.AddProperty(new QomBoolProperty("realized", static o => ((Device)o).IsRealized, static (o, v) => ((Device)o).SetRealized(v)));
        klass.AddProperty(new QomBoolProperty("hotpluggable", static o => ((Device)o).IsHotpluggable, null));
        klass.AddProperty(new QomBoolProperty("hotplugged", static o => ((Device)o).IsHotplugged, null));
        klass.AddProperty(QomLinkProperty.CreateReadOnly("parent_bus", "bus", static o => ((Device)o).ParentBus));

        // The order QEMU's class hash table iterates them in (qom-list shows it reversed).
        klass.SetPropertyIterationOrder("hotpluggable", "hotplugged", "realized", "parent_bus");
    }

    // A universe without qdev state, or whose state has no phase, compat or -global property a
    // new device follows, has nothing for either hook to do.
    [QomInstanceInit]
    private void InitDevice()
    {
        // RunInstanceInit in place, with no call on any path (so that the JIT keeps the state
        // from here to the post-init).
        if (BoundClass.QdevIfMade is { DeviceCreationHasWork: true } qdev && qdev.Phase == MachinePhase.MachineReady)
        {
            flags |= HotpluggedFlag;
        }
    }

    // QEMU's device_post_init: the machine's compat properties, then the user's -global ones.
    [QomInstancePostInit]
    private void ApplyGlobals()
    {
        if (BoundClass.QdevIfMade is { DeviceCreationHasWork: true } qdev)
        {
            RunInstancePostInit(this, qdev);
        }
    }

    // The two hooks above, which object creation calls directly for every device (no delegate):
    // both are handed the universe's qdev state.
    internal static void RunInstanceInit(QomObject obj, QdevState qdev)
    {
        var device = (Device)obj;
        if (qdev.Phase == MachinePhase.MachineReady)
        {
            device.flags |= HotpluggedFlag;
        }
    }

    internal static void RunInstancePostInit(QomObject obj, QdevState qdev)
    {
        var device = (Device)obj;
        if (qdev.HasCompatProps)
        {
            device.ApplyGlobals(qdev.CompatProps, warnOnly: false);
        }

        if (qdev.Globals.Count != 0)
        {
            device.ApplyGlobals(qdev.Globals, warnOnly: device.IsHotplugged);
        }
    }

    // QEMU's object_apply_global_props: a global that does not fit a hot-plugged device is only a
    // warning (the device is still added); otherwise it is an error.
    // Indexed, not foreach: every device creation passes here, and enumerating through the
    // interface costs an enumerator and its calls even when the list is empty (the usual case).
    private void ApplyGlobals(IReadOnlyList<GlobalProperty> globals, bool warnOnly)
    {
        for (int i = 0; i < globals.Count; i++)
        {
            var global = globals[i];
            if (!IsA(global.Driver))
            {
                continue;
            }

            if (global.Optional && FindProperty(global.Property) is null)
            {
                continue;
            }

            global.Used = true;
            try
            {
                ParseProperty(global.Property, global.Value);
            }
            catch (QomException error)
            {
                var failure = error.WithPrefix($"can't apply global {global.Driver}.{global.Property}={global.Value}: ");
                if (!warnOnly)
                {
                    throw failure;
                }

                Context.Qdev.RaiseWarning(failure.Message + "\n" + failure.Hint);
            }
        }
    }

    /// <summary>The device's realize (QEMU's <c>DeviceClass.realize</c>); throw to fail.</summary>
    protected virtual void Realize()
    {
    }

    /// <summary>The device's unrealize (QEMU's <c>DeviceClass.unrealize</c>).</summary>
    protected virtual void Unrealize()
    {
    }

    /// <summary>
    /// QEMU's <c>qdev_realize</c>: plugs the device into <paramref name="bus"/> (if given) and
    /// realizes it. On failure the device is taken off the bus again.
    /// </summary>
    public void RealizeOn(Bus? bus)
    {
        if (IsRealized || ParentBus is not null)
        {
            throw new QomFatalException($"device '{TypeName}' is already realized or plugged");
        }

        if (bus is not null)
        {
            bus.AttachChild(this);
            bus.Ref();
            ParentBus = bus;
        }
        else if (DeviceClass.BusType is not null)
        {
            throw new QomFatalException($"device '{TypeName}' needs a '{DeviceClass.BusType}' bus");
        }

        try
        {
            SetPropertyBool("realized", true);
        }
        catch (QomException)
        {
            DetachFromBus();
            throw;
        }
    }

    /// <summary>QEMU's <c>device_set_realized</c>, with its order of steps and of undoing them on failure.</summary>
    public void SetRealized(bool value)
    {
        if (IsHotplugged && !DeviceClass.Hotpluggable)
        {
            throw new QomException($"Device '{TypeName}' does not support hotplugging");
        }

        if (value == IsRealized)
        {
            return;
        }

        if (!value)
        {
            IsRealized = false;
            foreach (var bus in ChildBuses)
            {
                bus.SetRealized(false);
            }

            Unrealize();
            PendingDeletedEvent = true;
            return;
        }

        bool attachedHere = false;
        var qdev = Context.Qdev;
        if (Parent is null)
        {
            var unattached = Context.GetOrCreateContainer("/machine/unattached");
            unattached.AddChild($"device[{qdev.UnattachedCount++}]", this);
            attachedHere = true;
        }

        try
        {
            var handler = HotplugHandler;
            handler?.PrePlug(this);
            Realize();
            try
            {
                foreach (var bus in ChildBuses)
                {
                    bus.SetRealized(true);
                }

                SetFlag(DeletedEventPathFlag, ReachesRoot());
                PendingDeletedEvent = false;
                handler?.Plug(this);
            }
            catch (QomException)
            {
                foreach (var bus in ChildBuses)
                {
                    bus.SetRealized(false);
                }

                Unrealize();
                throw;
            }

            IsRealized = true;
        }
        catch (QomException)
        {
            if (attachedHere)
            {
                Unparent();
                qdev.UnattachedCount--;
            }

            throw;
        }
    }

    /// <summary>QEMU's <c>qdev_get_hotplug_handler</c>: the machine's handler for this device, else the parent bus's.</summary>
    public IHotplugHandler? HotplugHandler =>
        Machine.Current(Context)?.GetHotplugHandler(this) ?? ParentBus?.HotplugHandler;

    /// <inheritdoc/>
    protected internal override void BeforeStaticPropertySet(QomProperty property)
    {
        if (IsRealized)
        {
            throw SetAfterRealize(property);
        }
    }

    private QomException LinkSetAfterRealize(string name) =>
        new($"Attempt to set link property '{name}' on device '{Id ?? "(null)"}' (type '{TypeName}') after it was realized");

    // Out of line: every property write passes the check above, and building these messages in it
    // would cost each write the formatter's stack frame.
    private QomException SetAfterRealize(QomProperty property)
    {
        if (property is QomLinkProperty)
        {
            return LinkSetAfterRealize(property.Name);
        }

        return Id is null
            ? new QomException($"Attempt to set property '{property.Name}' on anonymous device (type '{TypeName}') after it was realized")
            : new QomException($"Attempt to set property '{property.Name}' on device '{Id}' (type '{TypeName}') after it was realized");
    }

    /// <inheritdoc/>
    protected internal override void OnUnparent()
    {
        if (IsRealized)
        {
            SetRealized(false);
        }

        while (ExtrasIfAny?.ChildBuses is { Count: > 0 } buses)
        {
            var bus = buses[0];
            bus.Unparent();
            buses.Remove(bus);
        }

        DetachFromBus();
        if (PendingDeletedEvent && (flags & DeletedEventPathFlag) != 0)
        {
            SetFlag(DeletedEventPathFlag, false);
            if (PathThroughDetaching() is { } path)
            {
                Context.Qdev.RaiseDeviceDeleted(Id, path);
            }
        }

        base.OnUnparent();
    }

    /// <summary>Bus-specific lines that <c>info qtree</c> prints after the properties (QEMU's <c>print_dev</c>).</summary>
    public virtual IEnumerable<string> QTreeBusLines() => [];

    internal void AddChildBus(Bus bus) => (GetOrAddExtras().ChildBuses ??= []).Insert(0, bus);

    internal void RemoveChildBus(Bus bus) => ExtrasIfAny?.ChildBuses?.Remove(bus);

    private void DetachFromBus()
    {
        if (ParentBus is { } bus)
        {
            ParentBus = null;
            bus.DetachChild(this);
            bus.Unref();
        }
    }
}
