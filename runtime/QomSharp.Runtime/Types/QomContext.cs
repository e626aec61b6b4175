using System.Runtime.CompilerServices;
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
    private readonly QomNameTable<QomTypeSlot> types = new();
    private readonly HashSet<QomModule> modules = [];

    // Registered modules whose types are found through the module's sorted index and entered in
    // the name table on first use (a module's registration inserts nothing per type); a module
    // leaves the list once all its types are in the table.
    private QomModule[] lazyModules = [];

    // Every registered module, and the types registered one by one, for the duplicate checks.
    private readonly List<QomModule> registeredModules = [];
    private readonly List<string> singlyRegistered = [];

    // How many types all registrations so far bring (the name table's eventual size).
    private int registeredTypeCount;
    private int classPropertyGeneration;
    private QomObject? root;

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

    // How many types are in the name table (modules' types enter it on first use).
    internal int EnteredTypeCount => types.Count;

    internal int ClassPropertyGeneration => Volatile.Read(ref classPropertyGeneration);

    internal void InvalidateClassProperties() => Interlocked.Increment(ref classPropertyGeneration);

    /// <summary>Registers every type of a module (its dependencies first); a module is registered once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // start-up path: see QomModule
    public void RegisterModule(QomModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        foreach (var dependency in module.Dependencies)
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
                // Room for every registered type now, so that entering them one by one never grows the table.
                registeredTypeCount += module.Count;
                types.EnsureTotalCapacity(registeredTypeCount);
                Volatile.Write(ref lazyModules, [.. lazyModules, module]);
            }
        }
    }

    // QEMU's type_register checks, for every type of the module, without registering any one:
    // the name is legal and not registered yet (by this module, another one, or on its own). The
    // module checks its own names once; its index is sorted, so comparing it with another module
    // is one merge.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // start-up path: see QomModule
    private void CheckModuleNames(QomModule module)
    {
        module.VerifyOwnNames();
        var byName = module.IndexesByName;
        foreach (var other in registeredModules)
        {
            var otherByName = other.IndexesByName;
            int a = 0;
            int b = 0;
            while (a < byName.Length && b < otherByName.Length)
            {
                int order = module.NameAt(byName[a]).SequenceCompareTo(other.NameAt(otherByName[b]));
                if (order == 0)
                {
                    throw AlreadyExists(module.NameAt(byName[a]));
                }

                if (order < 0)
                {
                    a++;
                }
                else
                {
                    b++;
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

            if (!types.TryAdd(type.Name, new QomTypeSlot(type)))
            {
                throw AlreadyExists(type.Name);
            }

            singlyRegistered.Add(type.Name);
            registeredTypeCount++;
        }
    }

    // A name not in the table yet may be a module's type not used so far: entered on first use.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // start-up path: see QomModule
    private QomTypeSlot? FindSlot(ReadOnlySpan<char> name) => types.Find(name) ?? FindInModules(name);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // start-up path: see QomModule
    private QomTypeSlot? FindSlot(string name) => types.Find(name) ?? FindInModules(name);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // start-up path: see QomModule
    private QomTypeSlot? FindInModules(ReadOnlySpan<char> name)
    {
        foreach (var module in Volatile.Read(ref lazyModules))
        {
            int index = module.IndexOf(name);
            if (index >= 0)
            {
                lock (registrationLock)
                {
                    return types.Find(name) ?? Enter(module.TypeAt(index));
                }
            }
        }

        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // start-up path: see QomModule
    private QomTypeSlot Enter(QomTypeInfo type)
    {
        var slot = new QomTypeSlot(type);
        types.TryAdd(type.Name, slot);
        return slot;
    }

    // Enumerations see every type: the modules' remaining types are entered first.
    private void EnterAllModuleTypes()
    {
        if (Volatile.Read(ref lazyModules).Length == 0)
        {
            return;
        }

        lock (registrationLock)
        {
            foreach (var module in lazyModules)
            {
                types.EnsureCapacity(module.Count);
                for (int i = 0; i < module.Count; i++)
                {
                    var type = module.TypeAt(i);
                    if (types.Find(type.Name) is null)
                    {
                        Enter(type);
                    }
                }
            }

            Volatile.Write(ref lazyModules, []);
        }
    }

    /// <summary>The registration record of a type, without building its class.</summary>
    public QomTypeInfo? FindType(ReadOnlySpan<char> name) => FindSlot(name)?.Info;

    /// <summary>
    /// The class of the named type, built on first use (QEMU's <c>object_class_by_name</c>);
    /// null for an unknown name.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // start-up path: see QomModule
    public QomClass? FindClass(ReadOnlySpan<char> name) => ClassOf(FindSlot(name));

    /// <inheritdoc cref="FindClass(ReadOnlySpan{char})"/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // start-up path: see QomModule
    public QomClass? FindClass(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ClassOf(FindSlot(name));
    }

    // The span and string look-ups differ only in how the name table finds the slot.
    private QomClass? ClassOf(QomTypeSlot? slot) => slot is null ? null : slot.Class ?? InitializeClass(slot);

    /// <summary>The class of the named type; an unknown name is QEMU's fatal <c>unknown type '%s'</c>.</summary>
    public QomClass GetClass(ReadOnlySpan<char> name) => FindClass(name) ?? throw UnknownType(name);

    /// <inheritdoc cref="GetClass(ReadOnlySpan{char})"/>
    public QomClass GetClass(string name) => FindClass(name) ?? throw UnknownType(name);

    // Out of line, so that a successful look-up does not pay for the message's formatter frame.
    private static QomFatalException UnknownType(ReadOnlySpan<char> name) => new($"unknown type '{name.ToString()}'");

    /// <inheritdoc cref="New(ReadOnlySpan{char})"/>
    public QomObject New(string typeName) => GetClass(typeName).CreateInstance();

    /// <summary>Creates an object by type name (QEMU's <c>object_new</c>): refcount 1, no parent.</summary>
    /// <exception cref="QomFatalException">The type is unknown or abstract.</exception>
    public QomObject New(ReadOnlySpan<char> typeName) => GetClass(typeName).CreateInstance();

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
        EnterAllModuleTypes();
        var slots = new List<QomTypeSlot>(types.Count);
        types.CopyValuesTo(slots);
        QomClass? target = null;
        if (implements is not null)
        {
            target = FindClass(implements);
            if (target is null)
            {
                return [];
            }
        }

        var result = new List<QomClass>(slots.Count);
        foreach (var slot in slots)
        {
            // A class not built yet is built only if its type descends from the target: finding
            // the machine for -machine must not build every device class (a CPU's holds hundreds
            // of properties). Interfaces are matched after the build, as they may be inherited.
            if (slot.Class is null && target is { IsInterface: false } && !DescendsFrom(slot, target.Name))
            {
                continue;
            }

            var klass = slot.Class ?? InitializeClass(slot);
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
    private bool DescendsFrom(QomTypeSlot slot, string ancestor)
    {
        for (var current = slot; current is not null; current = current.Info.ParentName is { } parent ? FindSlot(parent) : null)
        {
            if (current.Info.Name == ancestor)
            {
                return true;
            }
        }

        return false;
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // start-up path: see QomModule
    private QomClass InitializeClass(QomTypeSlot slot)
    {
        lock (classInitLock)
        {
            if (slot.Class is { } done)
            {
                return done;
            }

            if (slot.Initializing)
            {
                // A class init that looks up its own type sees the class being built, as in QEMU.
                return slot.Partial ?? throw new QomFatalException($"Type '{slot.Info.Name}' is its own ancestor");
            }

            slot.Initializing = true;
            try
            {
                var klass = BuildClass(slot);
                Volatile.Write(ref slot.Class, klass);
                return klass;
            }
            finally
            {
                slot.Initializing = false;
                slot.Partial = null;
            }
        }
    }

    // QEMU's type_initialize: parent first, copy of the parent's class, inherited then declared
    // interfaces, class properties, ancestors' base-init nearest first, then the type's class init.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // start-up path: see QomModule
    private QomClass BuildClass(QomTypeSlot slot)
    {
        var type = slot.Info;
        QomClass? parent = null;
        if (type.ParentName is { } parentName)
        {
            parent = FindClass(parentName) ?? throw new QomFatalException($"Type '{type.Name}' is missing its parent '{parentName}'");
        }

        CheckInterfaceShape(type, parent);
        QomClass klass;
        if ((type.Flags & QomTypeFlags.ClassFactory) != 0)
        {
            klass = type.Module.CreateClass(type.Index);
            if (parent is not null)
            {
                klass.InheritFrom(parent);
            }
        }
        else
        {
            klass = parent?.CloneForSubtype() ?? new QomClass();
        }

        klass.Bind(this, type, parent);
        slot.Partial = klass;
        foreach (var interfaceName in type.InterfaceNames)
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
        // on them: that effect belongs to this moment, as in QEMU.
        if (Array.Exists(klass.interfaceTypes, static i => i.ChainHasBaseInit))
        {
            BuildInterfaceImplementations(klass);
        }

        if ((type.Flags & QomTypeFlags.Properties) != 0)
        {
            klass.AddOwnPropertiesUnchecked(type.Module.CreateProperties(type.Index));
            InvalidateClassProperties();
        }

        RunClassBaseInits(klass, parent);
        if ((type.Flags & QomTypeFlags.ClassInit) != 0)
        {
            type.Module.RunClassInit(type.Index, klass);
        }

        return klass;
    }

    // QEMU's type_initialize step 2 (assertions there): a type is an interface exactly when it
    // descends from "interface", and an interface has no instance hooks and no interfaces.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // start-up path: see QomModule
    private static void CheckInterfaceShape(QomTypeInfo type, QomClass? parent)
    {
        bool descendsFromInterface = parent?.IsInterface ?? type.IsInterface;
        if (descendsFromInterface != type.IsInterface)
        {
            throw new QomFatalException(type.IsInterface
                ? $"interface type '{type.Name}' must descend from 'interface'"
                : $"type '{type.Name}' descends from an interface but is not one");
        }

        const QomTypeFlags instanceHooks = QomTypeFlags.InstanceInit | QomTypeFlags.InstancePostInit | QomTypeFlags.InstanceFinalize;
        if (type.IsInterface && ((type.Flags & instanceHooks) != 0 || type.InterfaceNames.Length != 0))
        {
            throw new QomFatalException($"interface type '{type.Name}' cannot have instance hooks or interfaces");
        }
    }

    // QEMU's type_initialize_interface, done on first use: for each interface, an abstract,
    // unregistered type "T::I" whose class is a copy of the parent type's implementation of it (or
    // of the interface's class), with the class base inits of its ancestors run on it.
    internal QomClass[] BuildInterfaceImplementations(QomClass owner)
    {
        lock (classInitLock)
        {
            if (owner.implementations is { } built)
            {
                return built;
            }

            var types = owner.interfaceTypes;
            var result = new QomClass[types.Length];
            for (int i = 0; i < types.Length; i++)
            {
                var iface = types[i];
                QomClass source = iface;
                var parentTypes = owner.Parent?.interfaceTypes;
                if (parentTypes is not null && Array.IndexOf(parentTypes, iface) is >= 0 and var at)
                {
                    source = owner.Parent!.Interfaces[at];
                }

                var info = new QomTypeInfo(
                    $"{owner.Name}::{iface.Name}",
                    source.Name,
                    QomTypeFlags.Abstract | QomTypeFlags.Interface,
                    [],
                    Generated.QomModule_QomSharp_Runtime.Instance,
                    -1);
                var implementation = source.CloneForSubtype();
                implementation.Bind(this, info, source);
                implementation.MarkImplementation(owner, iface);
                RunClassBaseInits(implementation, source);
                result[i] = implementation;
            }

            owner.implementations = result;
            return result;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // start-up path: see QomModule
    private static void RunClassBaseInits(QomClass klass, QomClass? parent)
    {
        for (var ancestor = parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            var ancestorType = ancestor.TypeInfo;
            if ((ancestorType.Flags & QomTypeFlags.ClassBaseInit) != 0)
            {
                ancestorType.Module.RunClassBaseInit(ancestorType.Index, klass);
            }
        }
    }

    private sealed class QomTypeSlot(QomTypeInfo info)
    {
        public readonly QomTypeInfo Info = info;
        public QomClass? Class;
        public QomClass? Partial;
        public bool Initializing;
    }
}
