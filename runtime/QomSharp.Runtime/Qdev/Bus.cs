using System;
using System.Collections.Generic;

namespace QomSharp.Qdev;

/// <summary>
/// QEMU's <c>bus</c> (abstract): devices plug into it; each child is a read-only link
/// <c>child[N]</c> (N never reused) and the bus holds a reference on it. A bus with a parent device
/// is that device's child under the bus name; only the main system bus has no parent device.
/// </summary>
[QomType("bus", Abstract = true, ClassType = typeof(BusClass))]
public abstract partial class Bus : QomObject, IResettable
{
    // Oldest first (appended in O(1)); QEMU's list, newest first, is read from the end.
    private readonly List<(int Index, Device Device)> children = [];

    private int maxIndex;
    private QomObject? hotplugHandler;

    // The child[N] links are derived from the children (one per device, in the order added) until
    // an instance property is moved or deleted, one of them is deleted by name, a property named
    // like a link is added, or a device comes after a property added after the links; from then on
    // the bus stores them as properties, as QEMU does. A property added after the first link (the
    // ACPI hot-plug selector, given to every bridge's bus when the machine is ready) is listed after
    // the links while they are still derived.
    private const int LinksStoredFlag = FinalizedFlag << 1;

    private bool LinksStored => (flags & LinksStoredFlag) != 0;

    // While the links are derived: how many stored instance properties come before them (those
    // added since come after them); -1 while every stored one comes before them.
    private int linksAt = -1;

    /// <summary>The bus name (<c>pcie.0</c>, <c>rp0</c>, <c>main-system-bus</c>).</summary>
    public string Name { get; private set; } = string.Empty;

    /// <summary>The device that provides the bus, if any.</summary>
    public Device? ParentDevice { get; private set; }

    /// <summary>The plugged devices, newest first (QEMU inserts at the head).</summary>
    public IEnumerable<Device> Devices
    {
        get
        {
            for (int i = children.Count - 1; i >= 0; i--)
            {
                yield return children[i].Device;
            }
        }
    }

    // The plugged device at a position of Devices, for walks that must not allocate.
    internal Device DeviceAt(int position) => children[children.Count - 1 - position].Device;

    /// <summary>The number of plugged devices.</summary>
    public int ChildCount => children.Count;

    /// <summary>Whether the bus is realized.</summary>
    public bool IsRealized { get; private set; }

    /// <summary>Set by a bus that takes no more devices regardless of <see cref="BusClass.MaxDevices"/>.</summary>
    public bool IsFullFlag { get; set; }

    /// <summary>QEMU's <c>qbus_is_full</c>.</summary>
    public bool IsFull => IsFullFlag || (BusClass.MaxDevices > 0 && children.Count >= BusClass.MaxDevices);

    /// <summary>The bus's class struct.</summary>
    public BusClass BusClass => (BusClass)Class;

    /// <summary>The hot-plug handler (the <c>hotplug-handler</c> link), if any.</summary>
    public IHotplugHandler? HotplugHandler => hotplugHandler as IHotplugHandler;

    /// <summary>QEMU's <c>qbus_is_hotpluggable</c>: the bus has a hot-plug handler that accepts hot-plug on it.</summary>
    public bool IsHotpluggable => hotplugHandler is not null && (hotplugHandler is not IHotplugHandler handler || handler.IsHotpluggableBus(this));

    // QEMU 10.0's qbus_init adds both as instance properties (a bus class lists only "type");
    // declared here as instance properties, added to each bus at instance init in the order its
    // hash table iterates them (qom-list-properties of a bus type lists realized first).
    [QomLink("hotplug-handler", Instance = true, Strong = false)]
    private IHotplugHandler? HotplugHandlerLink
    {
        get => hotplugHandler as IHotplugHandler;
        set => hotplugHandler = (QomObject?)value;
    }

    [QomProperty("realized", Instance = true)]
    private bool RealizedProperty
    {
        get => IsRealized;
        set => SetRealized(value);
    }

    /// <summary>Sets the hot-plug handler (QEMU's <c>qbus_set_hotplug_handler</c>).</summary>
    public void SetHotplugHandler(QomObject? handler) => hotplugHandler = handler;

    /// <summary>
    /// Creates a bus (QEMU's <c>qbus_new</c>): named <paramref name="name"/>, else
    /// <c>&lt;parent id&gt;.&lt;n&gt;</c>, else <c>&lt;lower-case type&gt;.&lt;n&gt;</c>; a bus with
    /// a parent becomes that device's child.
    /// </summary>
    public static Bus Create(QomContext context, string typeName, Device? parent, string? name)
    {
        var bus = (Bus)context.New(typeName);
        bus.ParentDevice = parent;
        if (name is not null)
        {
            bus.Name = name;
        }
        else if (parent?.Id is { } id)
        {
            bus.Name = $"{id}.{parent.ChildBuses.Count}";
        }
        else
        {
            bus.Name = $"{typeName}.{bus.BusClass.AutomaticIds++}".ToLowerInvariant();
        }

        if (parent is not null)
        {
            parent.AddChildBus(bus);
            parent.AddChild(bus.Name, bus);
            bus.Unref();
            context.Qdev.BusNames.Add(bus);
        }

        return bus;
    }

    /// <summary>The bus's realize (QEMU's <c>BusClass.realize</c>).</summary>
    protected virtual void Realize()
    {
    }

    /// <summary>The bus's unrealize.</summary>
    protected virtual void Unrealize()
    {
    }

    /// <summary>Checks that a device may take its place on the bus (QEMU's <c>check_address</c>); throw to refuse.</summary>
    protected internal virtual void CheckAddress(Device device)
    {
    }

    /// <summary>QEMU's <c>bus_set_realized</c>: realizing does not recurse; unrealizing unrealizes every child first.</summary>
    public void SetRealized(bool value)
    {
        if (value && !IsRealized)
        {
            Realize();
        }
        else if (!value && IsRealized)
        {
            var devices = children.ToArray();
            for (int i = devices.Length - 1; i >= 0; i--)
            {
                devices[i].Device.SetRealized(false);
            }

            Unrealize();
        }

        IsRealized = value;
    }

    // QEMU's bus_add_child, after the address check of qdev_set_parent_bus.
    internal void AttachChild(Device device)
    {
        CheckAddress(device);
        int index = maxIndex++;
        device.Ref();

        // A property was added after the links: the new link goes after it, so they are stored.
        if (!LinksStored && linksAt >= 0)
        {
            StoreLinks();
        }

        children.Add((index, device));
        if (LinksStored)
        {
            AddProperty(new QomFixedLinkProperty(LinkName(index), device));
        }
    }

    private static string LinkName(int index) => $"child[{index}]";

    /// <inheritdoc/>
    private protected override QomProperty? FindDerivedProperty(ReadOnlySpan<char> name)
    {
        if (LinksStored || children.Count == 0 || !TryParseLinkName(name, out int index))
        {
            return null;
        }

        int at = FindChild(index);
        return at < 0 ? null : new QomFixedLinkProperty(name.ToString(), children[at].Device);
    }

    /// <inheritdoc/>
    private protected override IEnumerable<QomProperty>? DerivedProperties => LinksStored || children.Count == 0 ? null : DerivedLinks();

    /// <inheritdoc/>
    private protected override int DerivedPropertiesAt => LinksStored ? -1 : linksAt;

    private IEnumerable<QomProperty> DerivedLinks()
    {
        // By position, as the stored table is walked: the list must not change during a walk.
        for (int i = 0; i < children.Count; i++)
        {
            var (index, device) = children[i];
            yield return new QomFixedLinkProperty(LinkName(index), device);
        }
    }

    /// <inheritdoc/>
    private protected override void StoreDerivedProperties(string? name)
    {
        if (LinksStored)
        {
            return;
        }

        // A move or a deletion while a property comes after the links: stored, in their place.
        if (name is null && linksAt >= 0)
        {
            StoreLinks();
            return;
        }

        // A property named like a link added before any device: the links are stored from then
        // on, so that a device that would take its name fails as a duplicate.
        if (children.Count == 0)
        {
            if (name is not null && name.StartsWith("child[", StringComparison.Ordinal))
            {
                flags |= LinksStoredFlag;
            }

            return;
        }

        // Any other property added: listed after the links, which stay derived.
        if (name is not null && !name.StartsWith("child[", StringComparison.Ordinal))
        {
            if (linksAt < 0)
            {
                linksAt = StoredInstancePropertyCount;
            }

            return;
        }

        StoreLinks();
    }

    // The links become stored properties, in their place among the others.
    private void StoreLinks()
    {
        flags |= LinksStoredFlag;
        int at = linksAt < 0 ? StoredInstancePropertyCount : Math.Min(linksAt, StoredInstancePropertyCount);
        linksAt = -1;
        foreach (var (index, device) in children)
        {
            StoreInstancePropertyAt(at++, new QomFixedLinkProperty(LinkName(index), device));
        }
    }

    // child[N] with N as QEMU prints it (decimal, no sign, no leading zero).
    private static bool TryParseLinkName(ReadOnlySpan<char> name, out int index) => TryParseIndexedName(name, "child", out index);

    // The position in children of the device with link index, or -1 (the indices only grow along the list).
    private int FindChild(int index)
    {
        int low = 0;
        int high = children.Count - 1;
        while (low <= high)
        {
            int mid = (low + high) >>> 1;
            int at = children[mid].Index;
            if (at == index)
            {
                return mid;
            }

            if (at < index)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return -1;
    }

    // QEMU's bus_remove_child: drops the link and the bus's reference.
    internal void DetachChild(Device device)
    {
        int at = children.Count - 1;
        while (at >= 0 && !ReferenceEquals(children[at].Device, device))
        {
            at--;
        }

        if (at < 0)
        {
            return;
        }

        int index = children[at].Index;
        children.RemoveAt(at);
        if (LinksStored)
        {
            DeleteProperty(LinkName(index));
        }

        device.Unref();
    }

    /// <inheritdoc/>
    protected internal override void OnUnparent()
    {
        while (children.Count > 0)
        {
            var device = children[^1].Device;
            if (device.Parent is not null)
            {
                device.Unparent();
            }
            else
            {
                DetachChild(device);
            }
        }

        if (ParentDevice is not null)
        {
            ParentDevice.RemoveChildBus(this);
            Context.Qdev.BusNames.Remove(this);
            ParentDevice = null;
        }

        base.OnUnparent();
    }
}
