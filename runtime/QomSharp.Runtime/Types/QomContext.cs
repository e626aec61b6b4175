using System;
using System.Collections.Generic;
using System.Threading;

namespace QomSharp;

/// <summary>
/// One QOM universe: the type registry (name → type, classes built lazily on first use) and the
/// composition tree rooted at <c>/</c>. <see cref="Default"/> is the process's universe; tests and
/// tools may create private ones, which see every loaded module too.
/// </summary>
public sealed partial class QomContext
{
    private static QomContext? defaultContext;

    private readonly Lock registrationLock = new();
    private readonly Lock classInitLock = new();
    // The types registered one by one (a module's types are not in it).
    private readonly QomNameTable types = new();
    private readonly HashSet<QomModule> modules = [];

    // The registered modules with types, each with the classes built of its types: a type is found
    // in its module's table (static data in the assembly: a hash index, else a binary search), and neither
    // registering a module nor looking a type up allocates anything per type but its class.
    private ModuleTypes[] moduleTypes = [];

    // Where in moduleTypes the last name was found (a hint only: any value is safe).
    private int lastFoundModule;

    // Every registered module, and the types registered one by one, for the duplicate checks.
    private readonly List<QomModule> registeredModules = [];
    private readonly List<string> singlyRegistered = [];

    // How many classes were built (see BuiltClassCount).
    private int builtClassCount;

    // The class found last (see FindClass): a name held in a field or a constant finds its class
    // with two loads, a name sliced from a command line with one comparison more.
    private QomClass? lastFound;

    // Recently found classes by name length (as QEMU keys its cast caches by the type-name
    // pointer): a name held in a field or a constant is found with one reference compare. A class
    // found by the content of another string takes that string as its name (equal strings, so no
    // reader can tell), and the next look-up with it is a reference compare too.
    private const int RecentSize = 16;
    private readonly ClassSlot[] recentClasses = new ClassSlot[RecentSize];

    // The hooks of the last type created by name, with that name (see New).
    private QomInstanceHooks? lastCreated;
    private int classPropertyGeneration;
    private QomObject? root;

    // The classes being built (under the class-init lock), innermost last, each with its class once
    // bound: a class init that looks up its own type gets the class being built, as in QEMU.
    private TypeRef[] building = new TypeRef[8];
    private ClassSlot[] buildingClasses = new ClassSlot[8];
    private int buildingCount;

    /// <summary>Creates a universe with every loaded module registered (and modules loaded later).</summary>
    public QomContext()
    {
        RegisterModule(Generated.QomModule_QomSharp_Runtime.Instance);
        foreach (var module in QomModules.Subscribe(this))
        {
            RegisterModule(module);
        }
    }

    /// <summary>The process-wide universe.</summary>
    public static QomContext Default
    {
        get
        {
            var existing = Volatile.Read(ref defaultContext);
            if (existing is not null)
            {
                return existing;
            }

            Interlocked.CompareExchange(ref defaultContext, new QomContext(), null);
            return defaultContext!;
        }
    }

    // How many classes were built in this context (registering and finding types builds none).
    internal int BuiltClassCount => Volatile.Read(ref builtClassCount);

    internal int ClassPropertyGeneration => Volatile.Read(ref classPropertyGeneration);

    internal void InvalidateClassProperties() => Interlocked.Increment(ref classPropertyGeneration);

    // Every built class below ancestor now has a class property to release (added to the ancestor late).
    internal void MarkSubclassesReleasable(QomClass ancestor)
    {
        foreach (var klass in BuiltClasses())
        {
            if (!ReferenceEquals(klass, ancestor) && klass.IsSubclassOf(ancestor))
            {
                klass.HasReleasableClassProperties = true;
            }
        }
    }

    // A class is about to change the class-struct data its subclasses read (see DeviceClass):
    // each subclass built already that has none of its own keeps what it read until now.
    internal void KeepClassDataInSubclasses(QomClass parent, object before)
    {
        lock (classInitLock)
        {
            foreach (var klass in BuiltClasses())
            {
                if (ReferenceEquals(klass.Parent, parent) && klass.OwnClassData is null)
                {
                    klass.SetOwnClassData(before, null);
                }
            }
        }
    }

    // Every class built so far.
    private List<QomClass> BuiltClasses()
    {
        var built = new List<QomClass>();
        var entries = new List<QomTypeEntry>(types.Count);
        types.CopyValuesTo(entries);
        foreach (var entry in entries)
        {
            if (Volatile.Read(ref entry.Class) is { } klass)
            {
                built.Add(klass);
            }
        }

        foreach (var owner in Volatile.Read(ref moduleTypes))
        {
            owner.AddBuiltClassesTo(built);
        }

        return built;
    }

    /// <summary>Registers every type of a module (its dependencies first); a module is registered once.</summary>
    public void RegisterModule(QomModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        foreach (var dependency in module.DependencyList)
        {
            RegisterModule(dependency);
        }

        lock (registrationLock)
        {
            if (modules.Contains(module))
            {
                return;
            }

            CheckModuleNames(module);
            modules.Add(module);
            registeredModules.Add(module);
            if (module.Count != 0)
            {
                Volatile.Write(ref moduleTypes, [.. moduleTypes, new ModuleTypes(this, module)]);
            }
        }
    }

    // QEMU's type_register checks, for every type of the module, without registering any one:
    // the name is legal and not registered yet (by this module, another one, or on its own). The
    // module checks its own names once; its index is sorted, so comparing it with another module
    // is one merge, which walks the shorter list and gallops through the longer one: registering a
    // module of 2,000 types beside one of 200 compares a few hundred names, not 2,200, and reads
    // only the parts of the longer table the shorter one's names fall in.
    private void CheckModuleNames(QomModule module)
    {
        module.VerifyOwnNames();
        foreach (var other in registeredModules)
        {
            var (shorter, longer) = module.Count <= other.Count ? (module, other) : (other, module);
            int shorterCount = shorter.Count;
            int longerCount = longer.Count;
            int at = 0;
            for (int rank = 0; rank < shorterCount && at < longerCount; rank++)
            {
                var name = shorter.NameAt(shorter.LineByName(rank));
                at = LowerBound(longer, at, longerCount, name);
                if (at < longerCount && QomModule.CompareNames(longer.NameAt(longer.LineByName(at)), name) == 0)
                {
                    throw AlreadyExists(name);
                }
            }
        }

        foreach (var name in singlyRegistered)
        {
            if (module.IndexOf(name) >= 0)
            {
                throw AlreadyExists(name);
            }
        }
    }

    // The first rank from `from` on whose name in the module's sorted index is not below `name`
    // (`count` if none): steps of 1, 2, 4, ... while the names are below it, then a binary search of
    // the last step.
    private static int LowerBound(QomModule module, int from, int count, ReadOnlySpan<byte> name)
    {
        int low = from; // every rank below `low` holds a smaller name
        int high = from;
        int step = 1;
        while (high < count && QomModule.CompareNames(module.NameAt(module.LineByName(high)), name) < 0)
        {
            low = high + 1;
            high = low + step;
            step *= 2;
        }

        high = Math.Min(high, count);
        while (low < high)
        {
            int middle = (int)((uint)(low + high) >> 1);
            if (QomModule.CompareNames(module.NameAt(module.LineByName(middle)), name) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static QomFatalException AlreadyExists(ReadOnlySpan<byte> name) => AlreadyExists(System.Text.Encoding.UTF8.GetString(name));

    private static QomFatalException AlreadyExists(string name) => new($"Registering `{name}' which already exists");

    /// <summary>
    /// Registers one type (QEMU's <c>type_register</c>). Nothing is resolved yet: the parent and the
    /// interfaces are looked up by name when the class is first built.
    /// </summary>
    /// <exception cref="QomFatalException">The name is illegal or already registered.</exception>
    public void RegisterType(QomTypeInfo type)
    {
        ArgumentNullException.ThrowIfNull(type);
        lock (registrationLock)
        {
            if (!QomTypeNames.IsValidTypeName(type.Name))
            {
                throw new QomFatalException($"Registering '{type.Name}' with illegal type name");
            }

            foreach (var module in registeredModules)
            {
                if (module.IndexOf(type.Name) >= 0)
                {
                    throw AlreadyExists(type.Name);
                }
            }

            if (!types.TryAdd(new QomTypeEntry(type)))
            {
                throw AlreadyExists(type.Name);
            }

            singlyRegistered.Add(type.Name);
        }
    }

    // A type registered on its own is in the name table (looked at only if there is one); a
    // module's type is found in its module's sorted table.
    private TypeRef FindRef(ReadOnlySpan<char> name) => types.Count != 0 && types.Find(name) is { } entry ? new(entry) : FindInModules(name);

    private TypeRef FindRef(string name) => types.Count != 0 && types.Find(name) is { } entry ? new(entry) : FindInModules(name);

    // The module that held the last name found is searched first (names are unique across
    // modules, so the order changes no answer): types are mostly used a module's worth at a time.
    private TypeRef FindInModules(ReadOnlySpan<char> name)
    {
        var all = Volatile.Read(ref moduleTypes);
        int first = lastFoundModule;
        if ((uint)first < (uint)all.Length && all[first].Module.IndexOf(name) is >= 0 and var found)
        {
            return new(all[first], found);
        }

        for (int i = 0; i < all.Length; i++)
        {
            if (i != first && all[i].Module.IndexOf(name) is >= 0 and var index)
            {
                lastFoundModule = i;
                return new(all[i], index);
            }
        }

        return default;
    }

    private static string DecodeName(ReadOnlySpan<byte> utf8) => System.Text.Encoding.UTF8.GetString(utf8);

    // Every registered type: those registered on their own, then each module's.
    private List<TypeRef> AllTypes()
    {
        var entries = new List<QomTypeEntry>(types.Count);
        types.CopyValuesTo(entries);
        var all = new List<TypeRef>(entries.Count);
        foreach (var entry in entries)
        {
            all.Add(new(entry));
        }

        foreach (var owner in Volatile.Read(ref moduleTypes))
        {
            for (int i = 0; i < owner.Module.Count; i++)
            {
                all.Add(new(owner, i));
            }
        }

        return all;
    }

    /// <summary>The registration record of a type, without building its class.</summary>
    public QomTypeInfo? FindType(ReadOnlySpan<char> name) => FindRef(name) is { Exists: true } type ? type.Info : null;

    /// <summary>
    /// The class of the named type, built on first use (QEMU's <c>object_class_by_name</c>);
    /// null for an unknown name.
    /// </summary>
    public QomClass? FindClass(ReadOnlySpan<char> name)
    {
        // A name sliced from a command line is compared with the last class found by content.
        var last = lastFound;
        return last is not null && QomNameTable.SameName(name, last.NameIfBound!) ? last : FindClassUncached(name);
    }

    private QomClass? FindClassUncached(ReadOnlySpan<char> name)
    {
        var hit = Volatile.Read(ref recentClasses[name.Length & (RecentSize - 1)].Class);
        if (hit is not null && QomNameTable.SameName(name, hit.NameIfBound!))
        {
            lastFound = hit;
            return hit;
        }

        return RememberClass(FindRef(name), null);
    }

    /// <inheritdoc cref="FindClass(ReadOnlySpan{char})"/>
    public QomClass? FindClass(string name)
    {
        // The last class found by a string, kept by the identity of that string (a class's name is
        // always a string equal to the type's name, so a reference match is always right).
        var last = lastFound;
        return last is not null && ReferenceEquals(last.NameIfBound, name) ? last : FindClassUncached(name);
    }

    private QomClass? FindClassUncached(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var hit = Volatile.Read(ref recentClasses[name.Length & (RecentSize - 1)].Class);
        if (hit is not null && (ReferenceEquals(hit.NameIfBound, name) || QomNameTable.SameName(name, hit.NameIfBound!)))
        {
            // The caller's string becomes the name, so that the next look-up with it is one reference compare.
            hit.AdoptName(name);
            lastFound = hit;
            return hit;
        }

        return RememberClass(FindRef(name), name);
    }

    // The class of the type found (built on first use), kept as the last one found and among the
    // recent ones; a class being built (a class init looking up its own type) is not kept.
    private QomClass? RememberClass(TypeRef type, string? asString)
    {
        if (!type.Exists)
        {
            return null;
        }

        var klass = type.Class;
        if (klass is null)
        {
            klass = InitializeClass(type, asString);
            if (!ReferenceEquals(type.Class, klass))
            {
                return klass;
            }
        }
        else if (asString is not null)
        {
            klass.AdoptName(asString);
        }

        Volatile.Write(ref recentClasses[klass.Name.Length & (RecentSize - 1)].Class, klass);
        lastFound = klass;
        return klass;
    }

    /// <summary>The class of the named type; an unknown name is QEMU's fatal <c>unknown type '%s'</c>.</summary>
    public QomClass GetClass(ReadOnlySpan<char> name) => FindClass(name) ?? throw UnknownType(name);

    /// <inheritdoc cref="GetClass(ReadOnlySpan{char})"/>
    public QomClass GetClass(string name) => FindClass(name) ?? throw UnknownType(name);

    // Out of line, so that a successful look-up does not pay for the message's formatter frame.
    private static QomFatalException UnknownType(ReadOnlySpan<char> name) => new($"unknown type '{name.ToString()}'");

    /// <inheritdoc cref="New(ReadOnlySpan{char})"/>
    public QomObject New(string typeName)
    {
        // The last creation by name, by the identity of the name string: its copy of the class's
        // hooks carries the name, so that the class, the factory and the hooks are one load away.
        var last = lastCreated;
        return last is not null && ReferenceEquals(last.Name, typeName) ? last.CreateInstance() : NewUncached(typeName);
    }

    /// <summary>Creates an object by type name (QEMU's <c>object_new</c>): refcount 1, no parent.</summary>
    /// <exception cref="QomFatalException">The type is unknown or abstract.</exception>
    public QomObject New(ReadOnlySpan<char> typeName)
    {
        // A name sliced from a command line is compared with the last creation's by content.
        var last = lastCreated;
        return last is not null && QomNameTable.SameName(typeName, last.Name!) ? last.CreateInstance() : NewUncached(typeName);
    }

    private QomObject NewUncached(string typeName)
    {
        var hooks = GetClass(typeName).InstanceHooks;
        lastCreated = hooks.WithName(typeName);
        return hooks.CreateInstance();
    }

    private QomObject NewUncached(ReadOnlySpan<char> typeName)
    {
        var klass = GetClass(typeName);
        var hooks = klass.InstanceHooks;
        lastCreated = hooks.WithName(klass.Name);
        return hooks.CreateInstance();
    }

    /// <summary>Creates an object of a generated type, by its QOM name.</summary>
    /// <exception cref="QomFatalException"><typeparamref name="T"/> is abstract or not a generated QOM type.</exception>
    public T New<T>() where T : QomObject => (T)GetClass(QomTypeNameOf<T>.Name).CreateInstance();

    /// <summary>
    /// Every class (each one built), optionally only those that cast to <paramref name="implements"/>
    /// and, unless <paramref name="includeAbstract"/>, only concrete ones
    /// (QEMU's <c>object_class_get_list</c>; the order is unspecified).
    /// </summary>
    public List<QomClass> GetClasses(string? implements = null, bool includeAbstract = false)
    {
        var all = AllTypes();
        QomClass? target = null;
        if (implements is not null)
        {
            target = FindClass(implements);
            if (target is null)
            {
                return [];
            }
        }

        var result = new List<QomClass>(all.Count);
        foreach (var type in all)
        {
            // A class not built yet is built only if its type descends from the target: finding
            // the machine for -machine must not build every device class (a CPU's holds hundreds
            // of properties). Interfaces are matched after the build, as they may be inherited.
            var built = type.Class;
            if (built is null && target is { IsInterface: false } && !DescendsFrom(type, target.Name))
            {
                continue;
            }

            var klass = built ?? InitializeClass(type, null);
            if (!includeAbstract && klass.IsAbstract)
            {
                continue;
            }

            if (target is not null && klass.DynamicCast(target) is null)
            {
                continue;
            }

            result.Add(klass);
        }

        return result;
    }

    // Whether the type or one of its ancestors is the named type, by the type records alone.
    private bool DescendsFrom(TypeRef type, string ancestor)
    {
        for (var current = type; current.Exists; current = ParentOf(current))
        {
            if (current.HasName(ancestor))
            {
                return true;
            }
        }

        return false;
    }

    // A type's parent, read from its record or its module's table; none for a root or an unknown parent.
    private TypeRef ParentOf(TypeRef type)
    {
        if (type.InfoIfMade is { } info)
        {
            return info.ParentName is { } parentName ? FindRef(parentName) : default;
        }

        type.Module.ReadType(type.Index, out _, out var parent, out _, out _);
        if (parent.IsEmpty)
        {
            return default;
        }

        Span<char> buffer = stackalloc char[NameBufferLength];
        return TryAsChars(parent, buffer, out var chars) ? FindRef(chars) : FindRef(DecodeName(parent));
    }

    private const int NameBufferLength = 128;

    // An ASCII name from a table as characters, in the caller's buffer; false for a longer or non-ASCII one.
    private static bool TryAsChars(ReadOnlySpan<byte> utf8, Span<char> buffer, out ReadOnlySpan<char> chars)
    {
        chars = default;
        if (utf8.Length > buffer.Length)
        {
            return false;
        }

        for (int i = 0; i < utf8.Length; i++)
        {
            byte b = utf8[i];
            if (b >= 0x80)
            {
                return false;
            }

            buffer[i] = (char)b;
        }

        chars = buffer[..utf8.Length];
        return true;
    }

    // The class of a type named in a module's table (a parent, an interface), with no string made for it.
    private QomClass? FindClass(ReadOnlySpan<byte> utf8)
    {
        Span<char> buffer = stackalloc char[NameBufferLength];
        return TryAsChars(utf8, buffer, out var chars) ? FindClass(chars) : FindClass(DecodeName(utf8));
    }

    /// <summary><see cref="GetClasses"/> sorted by name, ASCII case-insensitively (QEMU's <c>_sorted</c> variant).</summary>
    public List<QomClass> GetClassesSorted(string? implements = null, bool includeAbstract = false)
    {
        var list = GetClasses(implements, includeAbstract);
        list.Sort(static (a, b) => CompareAsciiIgnoreCase(a.Name, b.Name));
        return list;
    }

    internal static int CompareAsciiIgnoreCase(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            int ca = char.ToLowerInvariant(a[i]);
            int cb = char.ToLowerInvariant(b[i]);
            if (ca != cb)
            {
                return ca - cb;
            }
        }

        return a.Length - b.Length;
    }

    private QomClass InitializeClass(TypeRef type, string? asString)
    {
        lock (classInitLock)
        {
            if (type.Class is { } done)
            {
                return done;
            }

            for (int i = 0; i < buildingCount; i++)
            {
                if (building[i].Is(type))
                {
                    // A class init that looks up its own type sees the class being built, as in QEMU.
                    return buildingClasses[i].Class ?? throw new QomFatalException($"Type '{type.NameFor(null)}' is its own ancestor");
                }
            }

            if (buildingCount == building.Length)
            {
                Array.Resize(ref building, buildingCount * 2);
                Array.Resize(ref buildingClasses, buildingCount * 2);
            }

            int at = buildingCount++;
            building[at] = type;
            try
            {
                var klass = BuildClass(type, at, asString);
                type.Publish(klass);
                builtClassCount++;
                return klass;
            }
            finally
            {
                // Classes are built depth first, so this one is the innermost again.
                buildingCount = at;
                building[at] = default;
                buildingClasses[at].Class = null;
            }
        }
    }

    // QEMU's type_initialize: parent first, copy of the parent's class, inherited then declared
    // interfaces, class properties, ancestors' base-init nearest first, then the type's class init.
    // A module's type is read from the module's table: nothing is decoded but the names of its
    // interfaces, if it has any.
    private QomClass BuildClass(TypeRef type, int buildingAt, string? asString)
    {
        string name = type.NameFor(asString);
        var module = type.Module;
        int index = type.Index;
        var info = type.InfoIfMade;
        QomTypeFlags flags;
        QomClass? parent = null;
        string[] interfaceNames;
        if (info is not null)
        {
            flags = info.Flags;
            interfaceNames = info.InterfaceNames;
            if (info.ParentName is { } parentName)
            {
                parent = FindClass(parentName) ?? throw MissingParent(name, parentName);
            }
        }
        else
        {
            module.ReadType(index, out _, out var parentUtf8, out flags, out var interfaceList);
            interfaceNames = QomModule.InterfaceNames(interfaceList);
            if (!parentUtf8.IsEmpty)
            {
                parent = type.ParentNamed(parentUtf8) ?? FindParent(type, parentUtf8) ?? throw MissingParent(name, DecodeName(parentUtf8));
            }
        }

        CheckInterfaceShape(name, flags, interfaceNames.Length, parent);
        QomClass klass;
        if ((flags & QomTypeFlags.ClassFactory) != 0)
        {
            klass = module.CreateClass(index);
            if (parent is not null)
            {
                klass.InheritFrom(parent);
            }
        }
        else
        {
            klass = parent?.CloneForSubtype() ?? new QomClass();
        }

        klass.Bind(type.OwnerIn(this), name, index, type.Entry?.Info, flags, parent);
        buildingClasses[buildingAt].Class = klass;
        foreach (var interfaceName in interfaceNames)
        {
            var iface = FindClass(interfaceName);
            if (iface is null || !iface.IsInterface)
            {
                throw new QomFatalException($"missing interface '{interfaceName}' for object '{parent?.Name}'");
            }

            // Already implemented (inherited, or through a sub-interface): skipped, as in QEMU.
            if (!klass.HasImplementationOf(iface))
            {
                klass.AddInterfaceType(iface);
            }
        }

        // Implementation copies are built on first use, unless an interface's base init would run
        // on them: that effect belongs to this moment, as in QEMU. A class that declares no
        // interface has its parent's interface types, and the parent's answer (Bind copied it).
        if (interfaceNames.Length != 0)
        {
            klass.InterfacesHaveBaseInit = klass.InterfaceTypes is { Length: > 0 } interfaceTypes && AnyChainHasBaseInit(interfaceTypes);
        }

        if (klass.InterfacesHaveBaseInit)
        {
            BuildInterfaceImplementations(klass);
        }

        if ((flags & QomTypeFlags.Properties) != 0)
        {
            klass.AddOwnPropertiesUnchecked(module.CreateProperties(index));
            InvalidateClassProperties();
        }

        RunClassBaseInits(klass, parent);
        if ((flags & QomTypeFlags.ClassInit) != 0)
        {
            module.RunClassInit(index, klass);
        }

        return klass;
    }

    // The parent named in a module's table, found by name and kept as the module's last parent
    // (a module's types mostly share a few parents, which siblings name one after another).
    private QomClass? FindParent(TypeRef type, ReadOnlySpan<byte> parentUtf8)
    {
        var parent = FindClass(parentUtf8);
        type.RememberParent(parent);
        return parent;
    }

    private static QomFatalException MissingParent(string name, string parentName) => new($"Type '{name}' is missing its parent '{parentName}'");

    private static bool AnyChainHasBaseInit(QomClass[] interfaces)
    {
        foreach (var iface in interfaces)
        {
            if (iface.ChainHasBaseInit)
            {
                return true;
            }
        }

        return false;
    }

    // QEMU's type_initialize step 2 (assertions there): a type is an interface exactly when it
    // descends from "interface", and an interface has no instance hooks and no interfaces.
    private static void CheckInterfaceShape(string name, QomTypeFlags flags, int interfaceCount, QomClass? parent)
    {
        bool isInterface = (flags & QomTypeFlags.Interface) != 0;
        bool descendsFromInterface = parent?.IsInterface ?? isInterface;
        if (descendsFromInterface != isInterface)
        {
            throw new QomFatalException(isInterface
                ? $"interface type '{name}' must descend from 'interface'"
                : $"type '{name}' descends from an interface but is not one");
        }

        const QomTypeFlags instanceHooks = QomTypeFlags.InstanceInit | QomTypeFlags.InstancePostInit | QomTypeFlags.InstanceFinalize;
        if (isInterface && ((flags & instanceHooks) != 0 || interfaceCount != 0))
        {
            throw new QomFatalException($"interface type '{name}' cannot have instance hooks or interfaces");
        }
    }

    // QEMU's type_initialize_interface, done on first use: for each interface, an abstract,
    // unregistered type "T::I" whose class is a copy of the parent type's implementation of it (or
    // of the interface's class), with the class base inits of its ancestors run on it.
    internal QomClass[] BuildInterfaceImplementations(QomClass owner)
    {
        lock (classInitLock)
        {
            if (owner.ImplementationsIfBuilt is { } built)
            {
                return built;
            }

            var types = owner.InterfaceTypes;
            var result = new QomClass[types.Length];
            for (int i = 0; i < types.Length; i++)
            {
                var iface = types[i];
                QomClass source = iface;
                var parentTypes = owner.Parent?.InterfaceTypes;
                if (parentTypes is not null && Array.IndexOf(parentTypes, iface) is >= 0 and var at)
                {
                    source = owner.Parent!.Interfaces[at];
                }

                const QomTypeFlags flags = QomTypeFlags.Abstract | QomTypeFlags.Interface;
                var runtime = Generated.QomModule_QomSharp_Runtime.Instance;
                var info = new QomTypeInfo($"{owner.Name}::{iface.Name}", source.Name, flags, [], runtime, -1);
                var implementation = source.CloneForSubtype();
                implementation.Bind(LooseOwner(runtime), info.Name, -1, info, flags, source);
                implementation.MarkImplementation(owner, iface);
                RunClassBaseInits(implementation, source);
                result[i] = implementation;
            }

            owner.SetImplementations(result);
            return result;
        }
    }

    private static void RunClassBaseInits(QomClass klass, QomClass? parent)
    {
        // Most chains have none (the bit is set on every class below a type with one).
        if (parent is null || !parent.ChainHasBaseInit)
        {
            return;
        }

        for (var ancestor = parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            if ((ancestor.Flags & QomTypeFlags.ClassBaseInit) != 0)
            {
                ancestor.TypeModule.RunClassBaseInit(ancestor.TypeIndex, klass);
            }
        }
    }

    // The owner of a class whose type is not one of a registered module's (registered on its own,
    // an interface implementation class): the last one made, reused while the module is the same.
    private ModuleTypes? looseOwner;

    internal ModuleTypes LooseOwner(QomModule module)
    {
        var last = looseOwner;
        if (last is null || !ReferenceEquals(last.Module, module))
        {
            looseOwner = last = new ModuleTypes(this, module);
        }

        return last;
    }

    // The classes built of one registered module's types, by type index (the array is made with
    // the first class built; reads take no lock, classes are published under the class-init lock).
    // Each class of the module holds it as its context and module (QomClass.Context, TypeModule).
    internal sealed class ModuleTypes(QomContext context, QomModule module) : ClassOwner(context, module)
    {
        private ClassSlot[]? classes;

        // The parent class found last for a type of the module (see ParentNamed); set under the class-init lock.
        public QomClass? LastParent;

        // The last parent if the table names it (ASCII, compared with its name), else null: a
        // class built after a sibling finds their parent with one compare instead of a look-up.
        public QomClass? ParentNamed(ReadOnlySpan<byte> utf8) =>
            LastParent is { } last && SameAsciiName(utf8, last.Name) ? last : null;

        // Whether an ASCII name from a table is the string (a plain loop over a short name, inlined
        // where a library compare is a call into another assembly).
        private static bool SameAsciiName(ReadOnlySpan<byte> utf8, string name)
        {
            if (utf8.Length != name.Length)
            {
                return false;
            }

            for (int i = 0; i < utf8.Length; i++)
            {
                int b = utf8[i];
                if (b >= 0x80 || b != name[i])
                {
                    return false;
                }
            }

            return true;
        }

        public QomClass? ClassAt(int index) => Volatile.Read(ref classes) is { } all ? Volatile.Read(ref all[index].Class) : null;

        public void Publish(int index, QomClass klass)
        {
            var all = classes;
            if (all is null)
            {
                all = new ClassSlot[Module.Count];
                Volatile.Write(ref classes, all);
            }

            Volatile.Write(ref all[index].Class, klass);
        }

        public void AddBuiltClassesTo(List<QomClass> built)
        {
            if (Volatile.Read(ref classes) is { } all)
            {
                foreach (var slot in all)
                {
                    if (slot.Class is { } klass)
                    {
                        built.Add(klass);
                    }
                }
            }
        }
    }

    // A class as an array element: storing into an array of a struct, or taking a reference to
    // one of its elements, needs no check of the array's element type (with an array of a class
    // that is not sealed, each is a call into the runtime's helpers from a ReadyToRun image).
    internal struct ClassSlot
    {
        public QomClass? Class;
    }

    // What a class holds as its context and module: the context's record of a registered module
    // (shared by the module's classes), or a class's own side object, which repeats the two.
    internal abstract class ClassOwner(QomContext context, QomModule module)
    {
        public readonly QomContext Context = context;
        public readonly QomModule Module = module;
        private Qdev.QdevState? qdev;

        // The context's qdev state, one load from a class (as the context itself was): every
        // device's instance init and post-init read it.
        public Qdev.QdevState Qdev => qdev ?? (qdev = Context.Qdev);
    }

    // A registered type: one registered on its own (its name table entry) or a module's (the
    // module's classes and the type's index); default for none.
    private readonly struct TypeRef
    {
        public readonly QomTypeEntry? Entry;
        private readonly ModuleTypes? owner;
        private readonly int index;

        public TypeRef(QomTypeEntry entry)
        {
            Entry = entry;
            owner = null;
            index = 0;
        }

        public TypeRef(ModuleTypes owner, int index)
        {
            Entry = null;
            this.owner = owner;
            this.index = index;
        }

        public bool Exists => Entry is not null || owner is not null;

        public QomModule Module => Entry is { } entry ? entry.Info.Module : owner!.Module;

        public int Index => Entry is { } entry ? entry.Info.Index : index;

        public QomClass? Class => Entry is { } entry ? Volatile.Read(ref entry.Class) : owner!.ClassAt(index);

        public QomTypeInfo Info => Entry is { } entry ? entry.Info : owner!.Module.TypeAt(index);

        // The parent the type's module found last, if its table names it for this type too.
        public QomClass? ParentNamed(ReadOnlySpan<byte> utf8) => owner?.ParentNamed(utf8);

        public void RememberParent(QomClass? parent)
        {
            if (owner is not null)
            {
                owner.LastParent = parent;
            }
        }

        // What a class of the type holds as its context and module.
        public ModuleTypes OwnerIn(QomContext context) => owner ?? context.LooseOwner(Entry!.Info.Module);

        public QomTypeInfo? InfoIfMade => Entry is { } entry ? entry.Info : owner!.Module.TypeIfMade(index);

        public void Publish(QomClass klass)
        {
            if (Entry is { } entry)
            {
                Volatile.Write(ref entry.Class, klass);
            }
            else
            {
                owner!.Publish(index, klass);
            }
        }

        public bool Is(TypeRef other) => Entry is not null ? ReferenceEquals(Entry, other.Entry) : ReferenceEquals(owner, other.owner) && index == other.index;

        public bool HasName(string name) => Entry is { } entry ? entry.Key == name : owner!.Module.NameEquals(index, name);

        // The type's name: the string it was looked up with, if any (no name is decoded), else its record's, else decoded from the table.
        public string NameFor(string? asString) =>
            Entry?.Key ?? asString ?? owner!.Module.TypeIfMade(index)?.Name ?? DecodeName(owner!.Module.NameAt(index));
    }
}
