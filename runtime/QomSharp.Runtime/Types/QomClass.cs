using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace QomSharp;

/// <summary>
/// The class of a QOM type (QEMU's <c>ObjectClass</c>): built once, on first use, in QEMU's order,
/// from a copy of the parent's class. It holds the type's place in the hierarchy (a dense ancestor
/// array, so "is-a" is one array probe), its interfaces, its class properties and the per-instance
/// hook lists. Subclass it to give a type family class data (QEMU's class struct); a type whose
/// class-struct type is its parent's gets a member-wise copy of the parent's class, as QEMU's
/// byte copy does.
/// </summary>
public class QomClass
{
    private static readonly QomClass[] NoClasses = [];

    // The context and the module holding the type's code, in one object per registered module and
    // context (the context's record of the module's built classes), shared by all of the module's
    // classes: every class is 8 B smaller than with the two as fields of its own. A class that
    // needs data of its own out of line (see Rare) holds its side object here instead, which
    // repeats the two: the context is one load away either way, and the side object costs a
    // class nothing until it is made.
    private QomContext.ClassOwner? owner;

    // The type's name (a lookup may swap in an equal string, so that its next lookup with that
    // string is a reference compare) and its index in its module. The class is the type's only
    // per-context object: a module's type has no entry of its own (the context keeps one array of
    // classes per module), so building a class allocates the class alone.
    private string? name;
    private int typeIndex;

    // The type's flags (QomTypeFlags, low bits) and the class's own flags (the Bit* constants
    // above them), in two bytes beside the two of the depth: the class's scalars fill one word.
    // Bits are set with a compare-and-swap, as two threads may set different bits of one class.
    private ushort bits;

    // Two bytes, so that the class's own small fields fill its last word exactly.
    private ushort depth;

    private const int FlagMask = 0x1FF; // every QomTypeFlags bit
    private const int BitChainHasBaseInit = 1 << 9;
    // Set until the instance hooks are fetched and found to have no finalize hook (so clear means
    // "no finalize hook"): with BitReleasable, an object's last unref tests both in one.
    private const int BitFinalizeHooksOrUnknown = 1 << 10;
    private const int BitReleasable = 1 << 11;
    private const int BitSubclassBuilt = 1 << 12;
    private const int BitDefaultInitProperties = 1 << 13;
    // An interface type of the class (its own or inherited) has a class base init in its chain:
    // the implementation classes are built with the class (see QomContext.BuildClass).
    private const int BitInterfacesHaveBaseInit = 1 << 14;

    /// <summary>The context (type registry and object tree) the class belongs to.</summary>
    public QomContext Context => owner?.Context ?? NotInitialised();

    // The context's qdev state, with as many loads from the class as the context.
    internal Qdev.QdevState Qdev => owner?.Context is not null ? owner.Qdev : NotInitialised().Qdev;

    // For a device's instance hooks, which run only for an object of a bound class (its owner is
    // set): the context's qdev state if it was made, else null (a universe without one has no
    // machine phase, compat property or -global that a new device would have to follow). Plain
    // loads, no call on any path, so that the JIT can keep the result from init to post-init.
    internal Qdev.QdevState? QdevIfMade => owner!.Context.QdevIfMade;

    // Out of line, so that the getter inlines (every property look-up reads the context).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static QomContext NotInitialised() => throw new InvalidOperationException("class not initialised");

    private bool Bit(int bit) => (bits & bit) != 0;

    private void SetBit(int bit, bool value)
    {
        while (true)
        {
            ushort old = Volatile.Read(ref bits);
            ushort updated = (ushort)(value ? old | bit : old & ~bit);
            if (old == updated || Interlocked.CompareExchange(ref bits, updated, old) == old)
            {
                return;
            }
        }
    }

    /// <summary>The registration record of the type (for a module's type, made when first asked for).</summary>
    public QomTypeInfo TypeInfo => rare?.Info ?? TypeModule.TypeAt(typeIndex);

    /// <summary>The module that holds the type's code.</summary>
    internal QomModule TypeModule => owner?.Module ?? throw new InvalidOperationException("class not initialised");

    // Whether the type was registered on its own (QomContext.RegisterType) rather than with its module.
    internal bool IsRegisteredAlone => rare?.Info is not null;

    /// <summary>The type's index in <see cref="TypeModule"/>.</summary>
    internal int TypeIndex => typeIndex;

    /// <summary>The QOM type name.</summary>
    public string Name => name ?? throw new InvalidOperationException("class not initialised");

    // The name as a field, for the lookups' reference compares (null before the class is bound).
    internal string? NameIfBound => name;

    // A lookup found the class by a string equal to its name: that string becomes the name, so the
    // next lookup with it is one reference compare (no reader can tell two equal strings apart).
    internal void AdoptName(string equalName) => name = equalName;

    // What the type is and which hooks it has.
    internal QomTypeFlags Flags => (QomTypeFlags)(bits & FlagMask);

    /// <summary>The parent class; null for the roots.</summary>
    // Read from the ancestors, which hold the parent at the depth above this class's.
    public QomClass? Parent => Depth == 0 ? null : Ancestors[Depth - 1];

    /// <summary>Whether the type is abstract.</summary>
    public bool IsAbstract => (bits & (int)QomTypeFlags.Abstract) != 0;

    /// <summary>Whether the type is a QOM interface.</summary>
    // Read by every cast to this class, so kept here rather than behind TypeInfo's check.
    public bool IsInterface => (bits & (int)QomTypeFlags.Interface) != 0;

    /// <summary>The distance from the root (<c>object</c> or <c>interface</c> is 0).</summary>
    public int Depth => depth;

    /// <summary>
    /// The class's interface implementation classes (QEMU's <c>T::I</c>), inherited first, then
    /// its own: each a copy of the interface's class (or of the parent's implementation of it)
    /// that the class init may change without affecting the interface or other implementers.
    /// </summary>
    public IReadOnlyList<QomClass> Interfaces => InterfaceTypes.Length == 0 ? NoClasses : rare?.Implementations ?? Context.BuildInterfaceImplementations(this);

    /// <summary>For an interface implementation class, the interface it implements; else null.</summary>
    public QomClass? InterfaceType => rare?.Interface;

    /// <summary>For an interface implementation class, the class implementing it; else null.</summary>
    public QomClass? ConcreteClass => rare?.Owner;

    // What a class needs only once something asks for it, out of line: made for a class that has
    // own properties, is cast by name, has a property looked up or an instance created, has its
    // interface implementation classes built, is one of them, or states its properties' iteration order.
    // A class built and only looked up has none of it: a module of 2,000 types builds 2,000
    // classes in a process's first milliseconds, where each page first touched costs
    // microseconds (on a virtual machine, over ten). The side object takes the owner's place
    // (see owner): reaching it is a type check, and a cast by a remembered name, a property
    // look-up and a creation from the class cost that and one load more.
    private Rare? rare => owner as Rare;

    private Rare Extra => owner as Rare ?? MakeRare();

    // The side object, holding the context and module the class held until now.
    private Rare MakeRare()
    {
        while (true)
        {
            var current = owner;
            if (current is Rare made)
            {
                return made;
            }

            var side = new Rare(current);
            if (ReferenceEquals(Interlocked.CompareExchange(ref owner, side, current), current))
            {
                return side;
            }
        }
    }

    // An unbound class's side object holds no context or module yet (Bind sets them).
    private sealed class Rare(QomContext.ClassOwner? from) : QomContext.ClassOwner(from?.Context!, from?.Module!)
    {
        // The last type names (by identity) a cast of this class succeeded and failed for, and the
        // last interface it was cast to successfully (QEMU's per-class cast cache).
        public string? LastCastHitName;
        public string? LastCastMissName;
        public QomClass? LastInterfaceCast;

        // The class properties declared by the class itself, in declaration order.
        public List<QomProperty>? OwnProperties;

        // The per-class implementation copies (T::I), built on first use: casts need only the types.
        public QomClass[]? Implementations;

        // For an interface implementation class: the class implementing it and the interface.
        public QomClass? Owner;
        public QomClass? Interface;

        // The own properties in QEMU's iteration order, when the class states one.
        public List<QomProperty>? IterationOrder;

        // The registration record of a type that came with one (registered on its own, or an
        // interface implementation class); a module's type has its record in its module.
        public QomTypeInfo? Info;

        // The flattened class properties of the class and its ancestors, made by the first look-up.
        public QomPropertyMap? PropertyMap;

        // A class struct's own data kept out of line (DeviceClass's block); null: it reads its parent's.
        public object? ClassData;

        // The interface types of a class that declares interfaces: its parent's, then its own.
        public QomClass[]? InterfaceTypes;

        // The factory and instance hooks, fetched from the modules on the first creation (creating
        // by a name found last reads the context's copy of them, not these).
        public QomInstanceHooks? InstanceHooks;
    }

    // The class struct's own data (see DeviceClass), or null when it reads its parent's.
    internal object? OwnClassData => rare?.ClassData;

    // Makes `data` the class's own. `before` is what the class read until now: each subclass
    // built already that reads this class's (it has none of its own) keeps `before`, as it was
    // when the subclass was built (QEMU copies the parent's class struct once).
    internal void SetOwnClassData(object data, object? before)
    {
        if (before is not null && SubclassBuilt)
        {
            Context.KeepClassDataInSubclasses(this, before);
        }

        Extra.ClassData = data;
    }

    // The class's own properties, or null for none.
    private List<QomProperty>? OwnPropertiesIfAny => rare?.OwnProperties;

    // The ancestors, root first, at their depths: for a class with no subclass built yet, its
    // parent's Lineage, shared by all its siblings (a leaf allocates no array of its own); it is
    // replaced by the class's own Lineage, which ends with the class, once that is made. Either
    // way ancestors[d] is the ancestor at depth d for every d below Depth (see IsSubclassOf).
    internal QomClass[] Ancestors = NoClasses;
    // The interface types, inherited first (QEMU's order): the class's own list if it declares
    // any (kept out of line), else its nearest ancestor's, which never changes once that class is
    // built (a leaf device reads the list of `device`).
    internal QomClass[] InterfaceTypes
    {
        get
        {
            for (var k = this; k is not null; k = k.Parent)
            {
                if (k.rare?.InterfaceTypes is { } own)
                {
                    return own;
                }
            }

            return NoClasses;
        }
    }

    /// <summary>The interface implementation classes once built (always, for a class with no interface); else null.</summary>
    internal QomClass[]? ImplementationsIfBuilt => InterfaceTypes.Length == 0 ? NoClasses : rare?.Implementations;

    internal void SetImplementations(QomClass[] built) => Extra.Implementations = built;

    // Whether this type or an ancestor has a class base init (whose effects must not be deferred).
    internal bool ChainHasBaseInit => Bit(BitChainHasBaseInit);

    // Whether an interface type of the class has a class base init in its chain; a class that
    // declares no interface has its parent's interface types, and so its parent's answer.
    internal bool InterfacesHaveBaseInit
    {
        get => Bit(BitInterfacesHaveBaseInit);
        set => SetBit(BitInterfacesHaveBaseInit, value);
    }

    // Set with the instance hooks when no type of the chain has a finalize hook: with no property
    // to release either, an object's finalize has nothing to run.
    internal bool NoFinalizeHooks
    {
        get => !Bit(BitFinalizeHooksOrUnknown);
        set => SetBit(BitFinalizeHooksOrUnknown, !value);
    }

    internal bool HasReleasableClassProperties
    {
        get => Bit(BitReleasable);
        set => SetBit(BitReleasable, value);
    }

    // Set once a subclass was built from this class: a releasable class property added later must
    // reach the subclasses, which copied the flag above when they were built (and class data
    // shared with the subclasses is copied before this class changes it, see DeviceClass).
    internal bool SubclassBuilt => Bit(BitSubclassBuilt);

    // Whether the last unref of an object of this class has nothing to run but setting its
    // finalized flag (no finalize hook in the chain, no class property to release): one test.
    internal bool FinalizesTrivially => (bits & (BitFinalizeHooksOrUnknown | BitReleasable)) == 0;

    internal bool HasDefaultInitProperties
    {
        get => Bit(BitDefaultInitProperties);
        set => SetBit(BitDefaultInitProperties, value);
    }

    /// <summary>
    /// Copies the class data of <paramref name="parent"/> into this class. Called for a type that
    /// declares its own class-struct type; override it in class structs to copy their fields and
    /// call the base method.
    /// </summary>
    protected internal virtual void InheritFrom(QomClass parent)
    {
    }

    // A plain QomClass holds no class data beyond what Bind resets: no copy needed. A class struct
    // of the runtime's may make its copy itself (a plain allocation and its own fields, cheaper
    // than the runtime's general object clone where .NET's JIT or ReadyToRun code runs); any
    // other is copied member by member.
    internal QomClass CloneForSubtype() =>
        GetType() == typeof(QomClass) ? new QomClass() : CopyOfExactType() ?? (QomClass)MemberwiseClone();

    /// <summary>
    /// A new class struct of exactly this object's type holding a copy of the data of the class
    /// struct's own fields (what <see cref="Bind"/> resets need not be copied); null to have the
    /// object copied member by member. For the runtime's class structs.
    /// </summary>
    internal virtual QomClass? CopyOfExactType() => null;

    internal void Bind(QomContext.ModuleTypes typeOwner, string typeName, int index, QomTypeInfo? recorded, QomTypeFlags typeFlags, QomClass? parent)
    {
        // Class-struct data of its own, set before binding (InheritFrom), stays; a member-wise
        // copy's is the parent's, which the class reads through its parent anyway. Everything
        // else in the side object (a member-wise copy holds its parent's) is dropped.
        var classData = rare?.ClassData;
        owner = typeOwner;
        if (classData is not null && !ReferenceEquals(classData, parent?.rare?.ClassData))
        {
            Extra.ClassData = classData;
        }

        name = typeName;
        typeIndex = index;
        depth = parent is null ? (ushort)0 : checked((ushort)(parent.depth + 1));
        Ancestors = parent is null ? NoClasses : parent.Lineage;

        if (recorded is not null)
        {
            Extra.Info = recorded;
        }

        // The flags inherited from the parent (base init in the chain, releasable and default-init
        // properties) and the type's own; no subclass built yet, no finalize hooks fetched yet.
        int inherited = parent is null ? 0 : parent.bits & (BitChainHasBaseInit | BitReleasable | BitDefaultInitProperties | BitInterfacesHaveBaseInit);
        int own = ((int)typeFlags & FlagMask) | BitFinalizeHooksOrUnknown;
        if ((typeFlags & QomTypeFlags.ClassBaseInit) != 0)
        {
            own |= BitChainHasBaseInit;
        }

        Volatile.Write(ref bits, (ushort)(inherited | own));
        parent?.SetBit(BitSubclassBuilt, true);
    }

    // A releasable property was added to this class: its built subclasses release it too.
    private void MarkReleasable()
    {
        HasReleasableClassProperties = true;
        if (SubclassBuilt)
        {
            Context.MarkSubclassesReleasable(this);
        }
    }

    // Whether one of the class's interfaces already descends from the interface (QEMU skips it).
    internal bool HasImplementationOf(QomClass iface)
    {
        foreach (var existing in InterfaceTypes)
        {
            if (existing.IsSubclassOf(iface))
            {
                return true;
            }
        }

        return false;
    }

    internal void AddInterfaceType(QomClass iface)
    {
        if (rare is { } extra)
        {
            extra.LastInterfaceCast = null;
            extra.LastCastHitName = null;
            extra.LastCastMissName = null;
            extra.Implementations = null;
        }

        var inherited = InterfaceTypes;
        var grown = new QomClass[inherited.Length + 1];
        inherited.CopyTo(grown, 0);
        grown[^1] = iface;
        Extra.InterfaceTypes = grown;
    }

    internal void MarkImplementation(QomClass owner, QomClass iface)
    {
        var extra = Extra;
        extra.Owner = owner;
        extra.Interface = iface;
    }

    /// <summary>The class's ancestors and the class itself, root first (made on first use, then shared by its subclasses).</summary>
    internal QomClass[] Lineage
    {
        get
        {
            var ancestors = Ancestors;
            if (ancestors.Length > Depth)
            {
                return ancestors;
            }

            // Any two made are equal, so a race between two makers is harmless.
            var lineage = new QomClass[Depth + 1];
            Array.Copy(ancestors, lineage, Depth);
            lineage[Depth] = this;
            Volatile.Write(ref Ancestors, lineage);
            return lineage;
        }
    }

    /// <summary>Whether this class is <paramref name="other"/> or descends from it (not via interfaces).</summary>
    public bool IsSubclassOf(QomClass other)
    {
        // Ancestors holds every depth below this class's own, and maybe the class itself at its own.
        int at = other.Depth;
        var ancestors = Ancestors;
        return (uint)at < (uint)ancestors.Length ? ReferenceEquals(ancestors[at], other) : ReferenceEquals(this, other);
    }

    /// <summary>
    /// QEMU's <c>object_class_dynamic_cast</c>: this class if it is-a <paramref name="target"/>;
    /// for an interface target, its implementation class if exactly one implemented interface descends
    /// from it (several make the cast ambiguous, and it fails); otherwise null.
    /// </summary>
    public QomClass? DynamicCast(QomClass? target)
    {
        if (target is null)
        {
            return null;
        }

        if (ReferenceEquals(target, this))
        {
            return this;
        }

        if (target.IsInterface && InterfaceTypes.Length > 0)
        {
            int found = FindInterface(target);
            return found < 0 ? null : (rare?.Implementations ?? Context.BuildInterfaceImplementations(this))[found];
        }

        return IsSubclassOf(target) ? this : null;
    }

    /// <summary>
    /// <see cref="CastsTo(QomClass?)"/> the class named <paramref name="typeName"/>. As QEMU keys its
    /// per-class cast cache by the type-name pointer, the last name that cast and the last that did
    /// not are remembered by identity: a name held in a field or a constant answers with one
    /// reference compare. Neither answer can go stale, since a class's ancestors and interfaces
    /// never change once built; an unknown name is not remembered (it may be registered later).
    /// </summary>
    public bool CastsTo(string typeName)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        if (rare is { } extra)
        {
            if (ReferenceEquals(Volatile.Read(ref extra.LastCastHitName), typeName))
            {
                return true;
            }

            if (ReferenceEquals(Volatile.Read(ref extra.LastCastMissName), typeName))
            {
                return false;
            }
        }

        var target = Context.FindClass(typeName);
        if (target is null)
        {
            return false;
        }

        bool casts = CastsTo(target);
        var remembered = Extra;
        Volatile.Write(ref casts ? ref remembered.LastCastHitName : ref remembered.LastCastMissName, typeName);
        return casts;
    }

    /// <summary>
    /// Whether <see cref="DynamicCast(QomClass?)"/> would succeed, without building interface
    /// implementation classes (an object cast needs only the answer).
    /// </summary>
    public bool CastsTo(QomClass? target)
    {
        if (target is null)
        {
            return false;
        }

        if (rare is { } extra && ReferenceEquals(Volatile.Read(ref extra.LastInterfaceCast), target))
        {
            return true;
        }

        if (target.IsInterface && InterfaceTypes.Length > 0)
        {
            if (FindInterface(target) < 0)
            {
                return false;
            }

            Volatile.Write(ref Extra.LastInterfaceCast, target);
            return true;
        }

        return IsSubclassOf(target);
    }

    // The index of the one interface type descending from target; -1 for none or several (ambiguous).
    private int FindInterface(QomClass target)
    {
        var types = InterfaceTypes;
        int found = -1;
        for (int i = 0; i < types.Length; i++)
        {
            if (types[i].IsSubclassOf(target))
            {
                if (found >= 0)
                {
                    return -1;
                }

                found = i;
            }
        }

        return found;
    }

    /// <summary><see cref="DynamicCast(QomClass?)"/> to the class named <paramref name="typeName"/>.</summary>
    public QomClass? DynamicCast(ReadOnlySpan<char> typeName) => DynamicCast(Context.FindClass(typeName));

    /// <inheritdoc cref="DynamicCast(ReadOnlySpan{char})"/>
    public QomClass? DynamicCast(string typeName) => DynamicCast(Context.FindClass(typeName));

    /// <summary>Creates an instance (QEMU's <c>object_new_with_class</c>): refcount 1, no parent.</summary>
    public QomObject CreateInstance() => InstanceHooks.CreateInstance();

    // The factory and hooks, fetched on the first creation (which fails for an abstract type).
    internal QomInstanceHooks InstanceHooks => rare?.InstanceHooks ?? FetchInstanceHooks();

    // The finalize hooks of the chain, leaf first (an object exists only once its class fetched them).
    internal Action<QomObject>[] Finalizers => (rare?.InstanceHooks ?? FetchInstanceHooks()).Finalizers;

    private QomInstanceHooks FetchInstanceHooks()
    {
        if (IsAbstract)
        {
            throw new QomFatalException($"object type '{Name}' is abstract");
        }

        var hooks = QomInstanceHooks.For(this);
        NoFinalizeHooks = hooks.Finalizers.Length == 0;
        return Extra.InstanceHooks = hooks;
    }

    // QEMU's object_class_property_init_all: defaults before any instance init.
    internal void ApplyDefaultsOnCreate(QomObject obj)
    {
        foreach (var property in GetProperties())
        {
            if (property.ApplyDefaultOnCreate)
            {
                property.ApplyDefault(obj);
            }
        }
    }

    /// <summary>
    /// Adds a class property to this class (QEMU's <c>object_class_property_add</c>). A name that
    /// this class or an ancestor already has is a programming error.
    /// </summary>
    public void AddProperty(QomProperty property)
    {
        ArgumentNullException.ThrowIfNull(property);
        if (HasPropertyNamed(property.Name))
        {
            throw new QomFatalException($"attempt to add duplicate property '{property.Name}' to class (type '{Name}')");
        }

        (Extra.OwnProperties ??= []).Add(property);
        rare?.IterationOrder?.Add(property);
        if (property.NeedsRelease)
        {
            MarkReleasable();
        }

        HasDefaultInitProperties |= property.ApplyDefaultOnCreate;

        Context.InvalidateClassProperties();
    }

    // The duplicate check of AddProperty: a scan of the chain's own lists, not the flattened map,
    // which each add makes stale (a class adding hundreds of properties would rebuild it each time).
    private bool HasPropertyNamed(string name)
    {
        for (var cls = this; cls is not null; cls = cls.Parent)
        {
            if (cls.OwnPropertiesIfAny is { } own)
            {
                foreach (var property in own)
                {
                    if (property.Name == name)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Finds a class property of this class or an ancestor, nearest class first.</summary>
    public QomProperty? FindProperty(ReadOnlySpan<char> name) => CurrentPropertyMap().Find(name);

    /// <inheritdoc cref="FindProperty(ReadOnlySpan{char})"/>
    public QomProperty? FindProperty(string name) => CurrentPropertyMap().Find(name);

    // The flattened map, rebuilt when any class property was added since it was built.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private QomPropertyMap CurrentPropertyMap()
    {
        var map = rare?.PropertyMap;
        // The map holds its context: no load of the class's owner on the way.
        return map is not null && map.Generation == map.Context.ClassPropertyGeneration ? map : BuildPropertyMap();
    }

    /// <summary>
    /// Puts this class's own properties in the declaration order given (QEMU's order of a class's
    /// qdev property array, which <c>info qtree</c> shows); properties not named follow, in their order.
    /// </summary>
    public void OrderOwnProperties(params ReadOnlySpan<string> names)
    {
        if (OwnPropertiesIfAny is { } own)
        {
            Extra.OwnProperties = Ordered(own, names);
        }
    }

    /// <summary>
    /// States the order QEMU iterates this class's own properties in: the order of its hash table,
    /// which <c>qom-list</c> and the QMP property lists show (reversed). <see cref="GetProperties"/>
    /// follows it; properties not named, or added later, follow in declaration order.
    /// </summary>
    public void SetPropertyIterationOrder(params ReadOnlySpan<string> names) =>
        Extra.IterationOrder = Ordered(OwnPropertiesIfAny ?? [], names);

    private List<QomProperty> Ordered(List<QomProperty> properties, ReadOnlySpan<string> names)
    {
        var rest = new List<QomProperty>(properties);
        var ordered = new List<QomProperty>(properties.Count);
        foreach (string name in names)
        {
            int index = rest.FindIndex(p => p.Name == name);
            if (index < 0)
            {
                throw new ArgumentException($"class '{Name}' has no property '{name}' of its own", nameof(names));
            }

            ordered.Add(rest[index]);
            rest.RemoveAt(index);
        }

        ordered.AddRange(rest);
        return ordered;
    }

    /// <summary>The class properties declared by this class itself, in declaration order.</summary>
    public IReadOnlyList<QomProperty> OwnProperties => (IReadOnlyList<QomProperty>?)OwnPropertiesIfAny ?? [];

    /// <summary>
    /// The class properties of this class and its ancestors in QEMU's iteration order: this class's
    /// own first (in the order <see cref="SetPropertyIterationOrder"/> stated, else declaration
    /// order), then each ancestor's, up to the root.
    /// </summary>
    public IEnumerable<QomProperty> GetProperties()
    {
        for (var k = this; k is not null; k = k.Parent)
        {
            if ((k.rare?.IterationOrder ?? k.OwnPropertiesIfAny) is { } properties)
            {
                foreach (var property in properties)
                {
                    yield return property;
                }
            }
        }
    }

    private QomPropertyMap BuildPropertyMap()
    {
        var context = Context;
        var map = new QomPropertyMap(context, context.ClassPropertyGeneration, GetProperties());
        Extra.PropertyMap = map;
        return map;
    }

    internal void AddOwnPropertiesUnchecked(QomProperty[] properties)
    {
        if (properties.Length == 0)
        {
            return;
        }

        var own = Extra.OwnProperties ??= new List<QomProperty>(properties.Length);
        foreach (var property in properties)
        {
            if (HasPropertyNamed(property.Name))
            {
                throw new QomFatalException($"attempt to add duplicate property '{property.Name}' to class (type '{Name}')");
            }

            own.Add(property);
            if (property.NeedsRelease)
            {
                MarkReleasable();
            }

            HasDefaultInitProperties |= property.ApplyDefaultOnCreate;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => name ?? "(uninitialised class)";
}
