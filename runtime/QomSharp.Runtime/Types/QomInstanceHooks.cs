using System;

namespace QomSharp;

/// <summary>
/// What creating and finalizing an instance of one class runs, fetched from the modules once per
/// class: the factory and the hook delegates of every type in the chain, in QEMU's order (instance
/// init and post-init root first, finalize leaf first). Creation then makes only direct delegate
/// calls, and none at all for a chain without hooks.
/// </summary>
internal sealed class QomInstanceHooks
{
    private QomInstanceHooks(Func<QomObject> factory, Action<QomObject>[] inits, Action<QomObject>[] postInits, Action<QomObject>[] finalizers)
    {
        Factory = factory;
        Inits = inits;
        PostInits = postInits;
        Finalizers = finalizers;
    }

    public Func<QomObject> Factory { get; }

    public Action<QomObject>[] Inits { get; }

    public Action<QomObject>[] PostInits { get; }

    public Action<QomObject>[] Finalizers { get; }

    public static QomInstanceHooks For(QomClass klass)
    {
        var type = klass.TypeInfo;
        return new(
            type.Module.GetInstanceFactory(type.Index),
            Fetch(klass.InstanceInitTypes, static t => t.Module.GetInstanceInit(t.Index)),
            Fetch(klass.InstancePostInitTypes, static t => t.Module.GetInstancePostInit(t.Index)),
            Fetch(klass.FinalizeTypes, static t => t.Module.GetInstanceFinalize(t.Index)));
    }

    private static Action<QomObject>[] Fetch(QomTypeInfo[] types, Func<QomTypeInfo, Action<QomObject>?> get)
    {
        if (types.Length == 0)
        {
            return [];
        }

        var hooks = new Action<QomObject>[types.Length];
        for (int i = 0; i < types.Length; i++)
        {
            // A type flagged with a hook always has it; a module that says otherwise is broken.
            hooks[i] = get(types[i]) ?? throw new InvalidOperationException($"QOM module '{types[i].Module.Name}' has no hook for type '{types[i].Name}' it flags");
        }

        return hooks;
    }
}
