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
        var type = klass.Entry;
        var chain = klass.Lineage;
        return new(
            type.Module.GetInstanceFactory(type.Index),
            Fetch(chain, QomTypeFlags.InstanceInit, leafFirst: false, static t => t.Module.GetInstanceInit(t.Index)),
            Fetch(chain, QomTypeFlags.InstancePostInit, leafFirst: false, static t => t.Module.GetInstancePostInit(t.Index)),
            Fetch(chain, QomTypeFlags.InstanceFinalize, leafFirst: true, static t => t.Module.GetInstanceFinalize(t.Index)));
    }

    // The hooks of the types in the chain (root first) that have the flag, in the order asked for.
    private static Action<QomObject>[] Fetch(QomClass[] chain, QomTypeFlags flag, bool leafFirst, Func<QomTypeEntry, Action<QomObject>?> get)
    {
        int count = 0;
        foreach (var ancestor in chain)
        {
            count += (ancestor.Flags & flag) != 0 ? 1 : 0;
        }

        if (count == 0)
        {
            return [];
        }

        var hooks = new Action<QomObject>[count];
        int at = leafFirst ? count - 1 : 0;
        foreach (var ancestor in chain)
        {
            if ((ancestor.Flags & flag) == 0)
            {
                continue;
            }

            // A type flagged with a hook always has it; a module that says otherwise is broken.
            var type = ancestor.Entry;
            hooks[at] = get(type) ?? throw new InvalidOperationException($"QOM module '{type.Module.Name}' has no hook for type '{type.Key}' it flags");
            at += leafFirst ? -1 : 1;
        }

        return hooks;
    }
}
