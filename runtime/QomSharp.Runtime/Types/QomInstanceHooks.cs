using System;
using System.Runtime.CompilerServices;

namespace QomSharp;

/// <summary>
/// What creating and finalizing an instance of one class runs, fetched from the modules once per
/// class: the factory and the hook delegates of every type in the chain, in QEMU's order (instance
/// init and post-init root first, finalize leaf first). Creation then makes only direct delegate
/// calls, and none at all for a chain without hooks. The runtime's own qdev <c>device</c> hooks are
/// not in the lists: a chain through <c>device</c> says so with <see cref="Qdev"/>, and creation
/// calls them directly, in their place (device is the first type of its chain with hooks).
/// </summary>
internal sealed class QomInstanceHooks
{
    private QomInstanceHooks(QomClass klass, string? name, Func<QomClass, QomObject>? creator, Func<QomObject> factory, Qdev.QdevState? qdev, Action<QomObject>[] inits, Action<QomObject>[] postInits, Action<QomObject>[] finalizers)
    {
        Class = klass;
        Name = name;
        Creator = creator ?? (_ => CreateThroughDelegates());
        Factory = factory;
        Qdev = qdev;
        Inits = inits;
        PostInits = postInits;
        Finalizers = finalizers;
    }

    // The class whose instances these hooks make.
    public QomClass Class { get; }

    // For a copy a context keeps as its last creation by name (QomContext.New): the caller's name
    // string, an equal of the type's name; null for the class's own hooks.
    public string? Name { get; }

    // A copy that carries the name a creation was asked for by, so that the next creation by that
    // name reads everything it needs from one object.
    public QomInstanceHooks WithName(string name) => new(Class, name, Creator, Factory, Qdev, Inits, PostInits, Finalizers);

    // The generated module's creation of the type as one call, when every type of the chain is a
    // generated module's (its hooks then run through QomObject's virtual chains); else creation
    // through the factory and the delegates below (never null: creation is one delegate call).
    public Func<QomClass, QomObject> Creator { get; }

    public Func<QomObject> Factory { get; }

    // The universe's qdev state when the chain has the runtime's device (its hooks read it), else null.
    public Qdev.QdevState? Qdev { get; }

    public Action<QomObject>[] Inits { get; }

    public Action<QomObject>[] PostInits { get; }

    public Action<QomObject>[] Finalizers { get; }

    public static QomInstanceHooks For(QomClass klass)
    {
        var chain = klass.Lineage;
        var device = FindDevice(chain);
        return new(
            klass,
            null,
            AllChained(chain) ? klass.TypeModule.GetInstanceCreator(klass.TypeIndex) : null,
            klass.TypeModule.GetInstanceFactory(klass.TypeIndex),
            device is not null ? klass.Context.Qdev : null,
            Fetch(chain, device, QomTypeFlags.InstanceInit, leafFirst: false, static t => t.TypeModule.GetInstanceInit(t.TypeIndex)),
            Fetch(chain, device, QomTypeFlags.InstancePostInit, leafFirst: false, static t => t.TypeModule.GetInstancePostInit(t.TypeIndex)),
            Fetch(chain, device, QomTypeFlags.InstanceFinalize, leafFirst: true, static t => t.TypeModule.GetInstanceFinalize(t.TypeIndex)));
    }

    /// <summary>
    /// QEMU's object_new_with_class: the object with one reference and its class, the class
    /// property defaults, then every instance init root first and every post-init root first; the
    /// runtime's device hooks (the first of each kind in a device's chain) are called directly.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public QomObject CreateInstance() => Creator(Class);

    private QomObject CreateThroughDelegates()
    {
        var klass = Class;
        var obj = Factory();
        obj.Attach(klass);
        if (klass.HasDefaultInitProperties)
        {
            klass.ApplyDefaultsOnCreate(obj);
        }

        var qdev = Qdev;
        if (qdev is not null)
        {
            QomSharp.Qdev.Device.RunInstanceInit(obj, qdev);
        }

        var inits = Inits;
        for (int i = 0; i < inits.Length; i++)
        {
            inits[i](obj);
        }

        if (qdev is not null)
        {
            QomSharp.Qdev.Device.RunInstancePostInit(obj, qdev);
        }

        var postInits = PostInits;
        for (int i = 0; i < postInits.Length; i++)
        {
            postInits[i](obj);
        }

        return obj;
    }

    // Whether every type of the chain is a generated module's own (not a type registered on its
    // own, whose parent and code need not be its C# class's): then the chain of QOM types is the
    // chain of C# classes, whose virtual hook chains run exactly the chain's hooks.
    private static bool AllChained(QomClass[] chain)
    {
        foreach (var ancestor in chain)
        {
            if (ancestor.IsRegisteredAlone || !ancestor.TypeModule.HasInstanceHookChains)
            {
                return false;
            }
        }

        return true;
    }

    // The runtime's qdev device in the chain, if the chain has it and no type before it has
    // instance hooks (always so: device's parent is object): then its hooks run first of their kind.
    private static QomClass? FindDevice(QomClass[] chain)
    {
        const QomTypeFlags Hooks = QomTypeFlags.InstanceInit | QomTypeFlags.InstancePostInit | QomTypeFlags.InstanceFinalize;
        foreach (var ancestor in chain)
        {
            if (ancestor.Name == QomSharp.Qdev.Device.QomTypeName && ancestor.TypeModule == Generated.QomModule_QomSharp_Runtime.Instance)
            {
                // The direct calls stand for exactly these two hooks.
                return (ancestor.Flags & Hooks) == (QomTypeFlags.InstanceInit | QomTypeFlags.InstancePostInit) ? ancestor : null;
            }

            if ((ancestor.Flags & Hooks) != 0)
            {
                return null;
            }
        }

        return null;
    }

    // The hooks of the types in the chain (root first) that have the flag, in the order asked for;
    // device's are left out when it is called directly.
    private static Action<QomObject>[] Fetch(QomClass[] chain, QomClass? device, QomTypeFlags flag, bool leafFirst, Func<QomClass, Action<QomObject>?> get)
    {
        int count = 0;
        foreach (var ancestor in chain)
        {
            count += (ancestor.Flags & flag) != 0 && ancestor != device ? 1 : 0;
        }

        if (count == 0)
        {
            return [];
        }

        var hooks = new Action<QomObject>[count];
        int at = leafFirst ? count - 1 : 0;
        foreach (var ancestor in chain)
        {
            if ((ancestor.Flags & flag) == 0 || ancestor == device)
            {
                continue;
            }

            // A type flagged with a hook always has it; a module that says otherwise is broken.
            hooks[at] = get(ancestor) ?? throw new InvalidOperationException($"QOM module '{ancestor.TypeModule.Name}' has no hook for type '{ancestor.Name}' it flags");
            at += leafFirst ? -1 : 1;
        }

        return hooks;
    }
}
