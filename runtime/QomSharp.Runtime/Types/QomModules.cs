using System;
using System.Collections.Generic;

namespace QomSharp;

/// <summary>
/// The process-wide list of loaded QOM modules. Each generated module adds itself (with its
/// dependencies) from its assembly's module initializer; every <see cref="QomContext"/> registers
/// all modules known when it is created and every module added later.
/// </summary>
public static class QomModules
{
    private static readonly object Gate = new();
    private static readonly List<QomModule> Loaded = [];
    private static readonly List<WeakReference<QomContext>> Subscribers = [];

    /// <summary>Adds a module and, first, its dependencies; adding a module twice does nothing.</summary>
    public static void Add(QomModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        List<QomContext> contexts;
        var added = new List<QomModule>();
        lock (Gate)
        {
            Collect(module, added);
            if (added.Count == 0)
            {
                return;
            }

            Loaded.AddRange(added);
            contexts = LiveSubscribers();
        }

        foreach (var context in contexts)
        {
            foreach (var m in added)
            {
                context.RegisterModule(m);
            }
        }
    }

    /// <summary>The modules loaded so far, dependencies before dependents.</summary>
    public static IReadOnlyList<QomModule> All
    {
        get
        {
            lock (Gate)
            {
                return [.. Loaded];
            }
        }
    }

    internal static IReadOnlyList<QomModule> Subscribe(QomContext context)
    {
        lock (Gate)
        {
            // Only weak references are kept, and dead ones are dropped as contexts come and go.
            if (Subscribers.Count >= 64 && Subscribers.Count % 64 == 0)
            {
                LiveSubscribers();
            }

            Subscribers.Add(new WeakReference<QomContext>(context));
            return [.. Loaded];
        }
    }

    private static void Collect(QomModule module, List<QomModule> added)
    {
        if (Loaded.Contains(module) || added.Contains(module))
        {
            return;
        }

        foreach (var dependency in module.Dependencies)
        {
            Collect(dependency, added);
        }

        added.Add(module);
    }

    // The contexts still alive, in subscription order; the dead ones' references are dropped.
    private static List<QomContext> LiveSubscribers()
    {
        var live = new List<QomContext>(Subscribers.Count);
        int kept = 0;
        for (int i = 0; i < Subscribers.Count; i++)
        {
            var reference = Subscribers[i];
            if (reference.TryGetTarget(out var context))
            {
                live.Add(context);
                Subscribers[kept++] = reference;
            }
        }

        Subscribers.RemoveRange(kept, Subscribers.Count - kept);
        return live;
    }
}
