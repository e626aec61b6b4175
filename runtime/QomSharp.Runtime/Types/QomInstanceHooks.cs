using System;

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
    private QomInstanceHooks(Func<QomObject> factory, Qdev.QdevState? qdev, Action<QomObject>[] inits, Action<QomObject>[] postInits, Action<QomObject>[] finalizers)
    {
        Factory = factory;
        Qdev = qdev;
        Inits = inits;
        PostInits = postInits;
        Finalizers = finalizers;
    }

    public Func<QomObject> Factory { get; }

    // The universe's qdev state when the chain has the runtime's device (its hooks read it), else null.
    public Qdev.QdevState? Qdev { get; }

    public Action<QomObject>[] Inits { get; }

    public Action<QomObject>[] PostInits { get; }

    public Action<QomObject>[] Finalizers { get; }

    public static QomInstanceHooks For(QomClass klass)
    {
        var type = klass.Entry;
        var chain = klass.Lineage;
        var device = FindDevice(chain);
        return new(
            type.Module.GetInstanceFactory(type.Index),
            device is not null ? klass.Context.Qdev : null,
            Fetch(chain, device, QomTypeFlags.InstanceInit, leafFirst: false, static t => t.Module.GetInstanceInit(t.Index)),
            Fetch(chain, device, QomTypeFlags.InstancePostInit, leafFirst: false, static t => t.Module.GetInstancePostInit(t.Index)),
            Fetch(chain, device, QomTypeFlags.InstanceFinalize, leafFirst: true, static t => t.Module.GetInstanceFinalize(t.Index)));
    }

    // The runtime's qdev device in the chain, if the chain has it and no type before it has
    // instance hooks (always so: device's parent is object): then its hooks run first of their kind.
    private static QomClass? FindDevice(QomClass[] chain)
    {
        const QomTypeFlags Hooks = QomTypeFlags.InstanceInit | QomTypeFlags.InstancePostInit | QomTypeFlags.InstanceFinalize;
        foreach (var ancestor in chain)
        {
            var type = ancestor.Entry;
            if (type.Key == QomSharp.Qdev.Device.QomTypeName && type.Module == Generated.QomModule_QomSharp_Runtime.Instance)
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
    private static Action<QomObject>[] Fetch(QomClass[] chain, QomClass? device, QomTypeFlags flag, bool leafFirst, Func<QomTypeEntry, Action<QomObject>?> get)
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

            var type = ancestor.Entry;

            // A type flagged with a hook always has it; a module that says otherwise is broken.
            hooks[at] = get(type) ?? throw new InvalidOperationException($"QOM module '{type.Module.Name}' has no hook for type '{type.Key}' it flags");
            at += leafFirst ? -1 : 1;
        }

        return hooks;
    }
}
