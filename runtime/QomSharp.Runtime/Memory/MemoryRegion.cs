using System;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;

namespace QomSharp.Memory;

/// <summary>What a memory region holds, as <c>info mtree</c> prints it.</summary>
public enum MemoryRegionKind
{
    /// <summary>Device callbacks, or a container (<c>i/o</c>).</summary>
    Io,

    /// <summary>RAM (<c>ram</c>).</summary>
    Ram,

    /// <summary>Read-only memory (<c>rom</c>).</summary>
    Rom,

    /// <summary>A ROM device: reads from memory, writes to callbacks (<c>romd</c>).</summary>
    RomDevice,

    /// <summary>Device memory mapped as RAM (<c>ramd</c>).</summary>
    RamDevice,
}

/// <summary>
/// QEMU's <c>memory-region</c>: a named range of a memory or I/O space, a QOM object owned by the
/// device (or other object) that created it. A region may have callbacks behind it
/// (<see cref="Ops"/>, an MMIO or port I/O region), or be a container others are mapped into
/// (<see cref="AddSubregion"/>), or an alias of another region.
/// </summary>
/// <remarks>
/// <para>
/// Writing a device: create each region with <see cref="Create"/> in the order QEMU initialises
/// them, at instance init or at realize as QEMU does (a region QEMU makes in its realize must not be
/// listed on an unrealized device). The region becomes the owner's child <c>name[N]</c> (QEMU's
/// <c>name[*]</c> auto-index, with <c>/</c>, <c>[</c>, <c>]</c> and <c>\</c> escaped as
/// <c>\x2f</c> …), so a device with no regions carries nothing for them. Place it with
/// <see cref="AddSubregion"/> on its container: <see cref="QomSharp.Qdev.QdevState.SystemMemory"/>'s
/// <see cref="AddressSpace.Root"/> (QEMU's <c>get_system_memory()</c>),
/// <see cref="QomSharp.Qdev.QdevState.IoSpace"/> (<c>get_system_io()</c>) or one of the device's own
/// regions. The properties <c>container</c>, <c>addr</c>, <c>size</c> and <c>priority</c> then
/// answer as QEMU's do.
/// </para>
/// <para>
/// A region placed in the system memory with <see cref="AddressSpace.Map"/> (a sysbus device's
/// MMIO, <c>sysbus_mmio_map</c>) is also reached by qtest reads and writes through its
/// <see cref="Ops"/>.
/// </para>
/// </remarks>
[QomType("memory-region")]
public partial class MemoryRegion : QomObject
{
    /// <summary>Regions are created with <see cref="Create"/> (or by name, <c>memory-region</c>, unnamed).</summary>
    protected internal MemoryRegion()
    {
    }

    // QEMU adds these in memory_region_initfn as instance properties; every region has the same
    // four, so here they are the class's. Added in reverse of QEMU's listing order (qom-list lists
    // the newest first).
    [QomClassInit]
    private static void InitMemoryRegionClass(QomClass klass)
    {
        klass.AddProperty(new PriorityProperty { AddedPerInstance = true });
        klass.AddProperty(new QomIntegerProperty<ulong>("size", static o => ((MemoryRegion)o).Size, null) { AddedPerInstance = true });
        klass.AddProperty(new QomIntegerProperty<ulong>("addr", static o => ((MemoryRegion)o).Address, null) { AddedPerInstance = true });
        var container = QomLinkProperty.CreateReadOnly("container", QomTypeName, static o => ((MemoryRegion)o).Container);
        container.AddedPerInstance = true;
        klass.AddProperty(container);
    }

    /// <summary>The region's name as given (<c>pci-conf-idx</c>), before escaping; null for an unnamed region.</summary>
    public string? Name { get; private set; }

    /// <summary>The size in bytes; <see cref="ulong.MaxValue"/> also stands for a whole 64-bit space (QEMU reports 2^64 so).</summary>
    public ulong Size { get; private set; }

    /// <summary>The device callbacks of an MMIO or I/O region; null for a container, RAM or alias.</summary>
    public IMemoryRegionOps? Ops => extra switch
    {
        RareFields rare => rare.Ops,
        null or MemoryRegion => null,
        _ => Unsafe.As<IMemoryRegionOps>(extra),
    };

    /// <summary>The region this one is mapped into, if any.</summary>
    public MemoryRegion? Container { get; private set; }

    /// <summary>The offset within <see cref="Container"/> (QEMU's <c>addr</c>).</summary>
    public ulong Address { get; private set; }

    /// <summary>The priority among overlapping subregions of the container.</summary>
    public int Priority => (extra as RareFields)?.Priority ?? 0;

    /// <summary>The region an alias shows, or null.</summary>
    public MemoryRegion? AliasOf { get; private set; }

    /// <summary>Where in <see cref="AliasOf"/> an alias starts.</summary>
    public ulong AliasOffset => (extra as RareFields)?.AliasOffset ?? 0;

    /// <summary>
    /// What the region holds, as <c>info mtree</c> names it (QEMU's <c>memory_region_type</c>):
    /// I/O or a container unless made RAM, ROM or a ROM device; an alias shows its target's.
    /// </summary>
    public MemoryRegionKind Kind
    {
        get => (MemoryRegionKind)((flags & KindMask) >> KindShift);
        set => flags = (flags & ~KindMask) | ((int)value << KindShift);
    }

    /// <summary>Whether the region takes part in its container (QEMU's <c>enabled</c>; a new region is enabled).</summary>
    public bool Enabled => (flags & DisabledFlag) == 0;

    /// <summary>QEMU's <c>memory_region_set_enabled</c>.</summary>
    public void SetEnabled(bool enabled)
    {
        if (enabled != Enabled)
        {
            flags = enabled ? flags & ~DisabledFlag : flags | DisabledFlag;
            TopologyChanged();
        }
    }

    // QEMU regenerates every flat view (and its dispatch) at the end of a transaction that changed
    // a region: the dispatch's most recent lookup is forgotten (info mtree -f -d's [MRU]).
    private void TopologyChanged() => Context.Qdev.MemoryTopologyChanged();

    /// <summary>
    /// Whether QEMU's owner of the region is a port I/O list (<c>memory-region-portio-list</c>)
    /// rather than the device it hangs under (the regions of <c>portio_list_add</c>).
    /// </summary>
    public bool OwnedByPortioList
    {
        get => (flags & PortioListFlag) != 0;
        set => flags = value ? flags | PortioListFlag : flags & ~PortioListFlag;
    }

    /// <summary>
    /// Whether the region is a pure container (QEMU's <c>memory_region_init</c>, which does not
    /// terminate): only its subregions answer, so a flat view shows nothing of it where they leave gaps.
    /// </summary>
    public bool IsContainer
    {
        get => (flags & ContainerFlag) != 0;
        set => flags = value ? flags | ContainerFlag : flags & ~ContainerFlag;
    }

    /// <summary>Whether writes through the region are dropped (QEMU's <c>memory_region_set_readonly</c>; a flat view shows it as <c>rom</c>).</summary>
    public bool ReadOnly
    {
        get => (flags & ReadOnlyFlag) != 0;
        set
        {
            if (value != ReadOnly)
            {
                flags = value ? flags | ReadOnlyFlag : flags & ~ReadOnlyFlag;
                TopologyChanged();
            }
        }
    }

    /// <summary>
    /// Whether accesses through the region stay out of its owner's re-entrancy guard (QEMU's
    /// <c>disable_reentrancy_guard</c>): for a region its own device's handlers legitimately reach
    /// again while they run (QEMU 10.0 sets it on the local APIC's <c>apic-msi</c>).
    /// </summary>
    public bool DisableReentrancyGuard
    {
        get => (flags & NoReentrancyGuardFlag) != 0;
        set => flags = value ? flags | NoReentrancyGuardFlag : flags & ~NoReentrancyGuardFlag;
    }

    /// <summary>
    /// The device whose re-entrancy guard an access to the region's callbacks engages (QEMU's
    /// <c>access_with_adjusted_size</c>): the owner when it is a device and the region is I/O (not
    /// RAM, ROM, a ROM device or a RAM device), writable, not exempt, and not a port I/O list's
    /// (whose owner in QEMU is the list, not a device); else null.
    /// </summary>
    internal Qdev.Device? GuardedOwner =>
        (flags & (KindMask | ReadOnlyFlag | NoReentrancyGuardFlag | PortioListFlag)) == 0 ? Parent as Qdev.Device : null;

    /// <summary>
    /// The regions mapped into this one, in QEMU's order of its subregion list: by priority, highest
    /// first, and among one priority the newest first.
    /// </summary>
    public System.Collections.Generic.IReadOnlyList<MemoryRegion> Subregions => extra switch
    {
        MemoryRegion sole => [sole],
        RareFields { Subregions: { } list } => list,
        _ => [],
    };

    // The subregions one by one, without making a list (the memory dispatch of a device's DMA walks them).
    internal int SubregionCount => extra switch
    {
        MemoryRegion => 1,
        RareFields { Subregions: { } list } => list.Count,
        _ => 0,
    };

    internal MemoryRegion SubregionAt(int index) => extra as MemoryRegion ?? ((RareFields)extra!).Subregions![index];

    // Kind, disabled, owned by a port I/O list, container, read-only, no re-entrancy guard: in the object's flags, above
    // the base's bits (no field of their own: 8 bytes less a region).
    private const int KindShift = 8;
    private const int KindMask = 0x7 << KindShift;
    private const int DisabledFlag = 0x8 << KindShift;
    private const int PortioListFlag = 0x10 << KindShift;
    private const int ContainerFlag = 0x20 << KindShift;
    private const int ReadOnlyFlag = 0x40 << KindShift;
    private const int NoReentrancyGuardFlag = 0x80 << KindShift;

    // What most regions leave unset, kept out of line (a machine with many devices holds several
    // regions for each): null; the callbacks alone (IMemoryRegionOps) of a region with nothing else
    // set (a device's MMIO or I/O region); the sole subregion alone (a MemoryRegion) of a container
    // with nothing else set (a PCI function's bus master container); else a RareFields with all of it.
    private object? extra;

    // The out-of-line fields, made on first use with what extra held.
    private RareFields Rare
    {
        get
        {
            switch (extra)
            {
                case RareFields rare:
                    return rare;
                case null:
                    var empty = new RareFields();
                    extra = empty;
                    return empty;
                case MemoryRegion sole:
                    var holding = new RareFields { Subregions = new System.Collections.Generic.List<MemoryRegion>(2) { sole } };
                    extra = holding;
                    return holding;
                default:
                    var withOps = new RareFields { Ops = Unsafe.As<IMemoryRegionOps>(extra) };
                    extra = withOps;
                    return withOps;
            }
        }
    }

    // The region's name under its owner (escaped-name[N]): a region keeps its own link, so its
    // owner holds no child property for it until someone asks for one.
    private string? linkName;

    internal override bool KeepsOwnLink => true;

    internal override string? OwnLinkName
    {
        get => linkName;
        set => linkName = value;
    }

    /// <summary>
    /// QEMU's <c>memory_region_init</c> (and <c>_init_io</c> with <paramref name="ops"/>): a region of
    /// <paramref name="size"/> bytes, added to <paramref name="owner"/> as the child
    /// <c>escaped-name[N]</c>. The owner holds the only reference.
    /// </summary>
    public static MemoryRegion Create(QomObject owner, string name, ulong size, IMemoryRegionOps? ops = null) =>
        Create<MemoryRegion>(owner, name, size, ops);

    /// <summary>QEMU's <c>memory_region_init</c> for a container: <see cref="Create(QomObject, string, ulong, IMemoryRegionOps?)"/> with <see cref="IsContainer"/> set.</summary>
    public static MemoryRegion CreateContainer(QomObject owner, string name, ulong size)
    {
        var region = Create(owner, name, size);
        region.IsContainer = true;
        return region;
    }

    /// <summary>
    /// <see cref="Create(QomObject, string, ulong, IMemoryRegionOps?)"/> for a region of a subtype
    /// (QEMU's <c>memory_region_init_iommu</c> with an IOMMU region type).
    /// </summary>
    public static T Create<T>(QomObject owner, string name, ulong size, IMemoryRegionOps? ops = null)
        where T : MemoryRegion
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(name);
        var region = owner.Context.New<T>();
        region.Name = name;
        region.Size = size;
        if (ops is MemoryRegion)
        {
            // A region as another's callbacks: kept where it cannot pass for a sole subregion.
            region.Rare.Ops = ops;
        }
        else
        {
            region.extra = ops;
        }
        owner.AddIndexedChild(EscapeName(name), region);
        region.Unref();
        return region;
    }

    /// <summary>
    /// A region of <paramref name="size"/> bytes made as the child <paramref name="placeholder"/>
    /// of <paramref name="owner"/> stood for (see <see cref="QomLazyChild"/>), in its place: what
    /// <see cref="Create(QomObject, string, ulong, IMemoryRegionOps?)"/> would have made when the
    /// placeholder was added. A container with <paramref name="container"/>; an alias of
    /// <paramref name="aliasOf"/> (from offset 0) when given.
    /// </summary>
    public static MemoryRegion CreateInPlaceOf(QomObject owner, QomLazyChild placeholder, string name, ulong size, bool container = false, MemoryRegion? aliasOf = null)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(placeholder);
        ArgumentNullException.ThrowIfNull(name);
        var region = owner.Context.New<MemoryRegion>();
        region.Name = name;
        region.Size = size;
        if (container)
        {
            region.IsContainer = true;
        }

        region.AliasOf = aliasOf;
        owner.FillLazyChild(placeholder, region);
        return region;
    }

    /// <summary>
    /// QEMU's <c>memory_region_init_alias</c>: a region showing <paramref name="size"/> bytes of
    /// <paramref name="original"/> from <paramref name="offset"/>.
    /// </summary>
    public static MemoryRegion CreateAlias(QomObject owner, string name, MemoryRegion original, ulong offset, ulong size)
    {
        ArgumentNullException.ThrowIfNull(original);
        var region = Create(owner, name, size);
        region.AliasOf = original;
        if (offset != 0)
        {
            region.Rare.AliasOffset = offset;
        }
        return region;
    }

    /// <summary>
    /// QEMU's <c>memory_region_add_subregion_overlap</c> (<c>_add_subregion</c> for priority 0): maps
    /// <paramref name="subregion"/> at <paramref name="offset"/> into this region. A region is in at
    /// most one container at a time.
    /// </summary>
    public void AddSubregion(ulong offset, MemoryRegion subregion, int priority = 0)
    {
        ArgumentNullException.ThrowIfNull(subregion);
        if (subregion.Container is not null)
        {
            throw new InvalidOperationException($"region '{subregion.Name}' is already mapped into '{subregion.Container.Name}'");
        }

        subregion.Container = this;
        subregion.Address = offset;
        TopologyChanged();
        if (priority != 0 || subregion.extra is RareFields)
        {
            subregion.Rare.Priority = priority;
        }

        // Most containers hold one region (a bus master container its alias): held alone until a second comes.
        if (extra is null)
        {
            extra = subregion;
            return;
        }

        // QEMU's memory_region_update_container_subregions: ahead of the first of its priority or lower.
        var list = Rare.Subregions ??= new System.Collections.Generic.List<MemoryRegion>(1);
        int at = 0;
        while (at < list.Count && priority < list[at].Priority)
        {
            at++;
        }

        list.Insert(at, subregion);
    }

    /// <summary>QEMU's <c>memory_region_del_subregion</c>: takes <paramref name="subregion"/> out of this region.</summary>
    public void DeleteSubregion(MemoryRegion subregion)
    {
        ArgumentNullException.ThrowIfNull(subregion);
        if (ReferenceEquals(subregion.Container, this))
        {
            subregion.Container = null;
            TopologyChanged();
            if (ReferenceEquals(extra, subregion))
            {
                extra = null;
            }
            else
            {
                (extra as RareFields)?.Subregions?.Remove(subregion);
            }
        }
    }

    /// <summary>
    /// QEMU's <c>memory_region_set_address</c>: moves the region within its container (taken out
    /// and put back, so it becomes the newest of its priority there).
    /// </summary>
    public void SetAddress(ulong address)
    {
        if (address == Address)
        {
            return;
        }

        if (Container is { } container)
        {
            container.DeleteSubregion(this);
            container.AddSubregion(address, this, Priority);
        }
        else
        {
            Address = address;
        }
    }

    /// <summary>QEMU's <c>memory_region_set_alias_offset</c>: where in <see cref="AliasOf"/> the alias starts.</summary>
    public void SetAliasOffset(ulong offset)
    {
        if (offset != AliasOffset)
        {
            Rare.AliasOffset = offset;
            TopologyChanged();
        }
    }

    /// <summary>QEMU's <c>memory_region_set_size</c>.</summary>
    public void SetSize(ulong size)
    {
        if (size != Size)
        {
            Size = size;
            TopologyChanged();
        }
    }

    /// <summary>
    /// QEMU's <c>memory_region_escape_name</c>: <c>/</c>, <c>[</c>, <c>]</c> and <c>\</c> become
    /// <c>\x</c> and two lower-case hex digits, so the name is one path component.
    /// </summary>
    public static string EscapeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.AsSpan().IndexOfAny("/[]\\") < 0)
        {
            return name;
        }

        var escaped = new StringBuilder(name.Length + 8);
        foreach (char c in name)
        {
            if (c is '/' or '[' or ']' or '\\')
            {
                escaped.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    private sealed class RareFields
    {
        public IMemoryRegionOps? Ops;
        public ulong AliasOffset;
        public int Priority;
        public System.Collections.Generic.List<MemoryRegion>? Subregions;
    }

    // QEMU's "priority": declared "uint32" but visited as a signed int32 (so -1 reads as -1).
    private sealed class PriorityProperty() : QomProperty("priority", "uint32", null)
    {
        public override bool CanRead => true;

        public override bool CanWrite => false;

        protected internal override JsonNode? Read(QomObject obj) => JsonValue.Create(((MemoryRegion)obj).Priority);

        protected internal override void Write(QomObject obj, in QomInput input) => throw NotWritable(obj);
    }
}
