using System;
using System.Collections.Generic;

namespace QomSharp;

/// <summary>
/// The process-wide list of loaded QOM modules. Each generated module adds itself (with its
/// dependencies) from its assembly's module initializer; every <see cref="QomContext"/> registers
/// all modules known when it is created and every module added later.
/// </summary>
/// <remarks>
/// The lists are plain arrays walked with index loops: adding a module runs mostly in the first
/// milliseconds of a process, where each library collection method called for the first time costs
/// a look-up of its code (in a ReadyToRun image, a generic method of another assembly is resolved
/// on its first call), far more than the work itself.
/// </remarks>
public static class QomModules
{
    private static readonly object Gate = new();

    // The loaded modules, dependencies before dependents (the first loadedCount slots).
    private static QomModule[] loaded = new QomModule[8];
    private static int loadedCount;

    // The subscribed contexts, by weak reference (the first subscriberCount slots).
    private static WeakReference<QomContext>[] subscribers = new WeakReference<QomContext>[4];
    private static int subscriberCount;

    /// <summary>Adds a module and, first, its dependencies; adding a module twice does nothing.</summary>
    public static void Add(QomModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        QomContext[] contexts;
        int first;
        int count;
        QomModule[] all;
        lock (Gate)
        {
            first = loadedCount;
            Collect(module);
            count = loadedCount - first;
            if (count == 0)
            {
                return;
            }

            all = loaded;
            contexts = LiveSubscribers();
        }

        // The slots read were written under the lock and are never overwritten (the array only grows into a copy).
        foreach (var context in contexts)
        {
            for (int i = first; i < first + count; i++)
            {
                context.RegisterModule(all[i]);
            }
        }
    }

    /// <summary>The modules loaded so far, dependencies before dependents.</summary>
    public static IReadOnlyList<QomModule> All => Snapshot();

    internal static QomModule[] Subscribe(QomContext context)
    {
        lock (Gate)
        {
            // Only weak references are kept, and dead ones are dropped as contexts come and go.
            if (subscriberCount >= 64 && subscriberCount % 64 == 0)
            {
                LiveSubscribers();
            }

            if (subscriberCount == subscribers.Length)
            {
                Array.Resize(ref subscribers, subscriberCount * 2);
            }

            subscribers[subscriberCount++] = new WeakReference<QomContext>(context);
            return Snapshot();
        }
    }

    private static QomModule[] Snapshot()
    {
        lock (Gate)
        {
            var copy = new QomModule[loadedCount];
            Array.Copy(loaded, copy, loadedCount);
            return copy;
        }
    }

    // Appends the module, after its dependencies, unless already loaded (under the lock).
    private static void Collect(QomModule module)
    {
        for (int i = 0; i < loadedCount; i++)
        {
            if (ReferenceEquals(loaded[i], module))
            {
                return;
            }
        }

        foreach (var dependency in module.DependencyList)
        {
            Collect(dependency);
        }

        if (loadedCount == loaded.Length)
        {
            Array.Resize(ref loaded, loadedCount * 2);
        }

        loaded[loadedCount++] = module;
    }

    // The contexts still alive, in subscription order; the dead ones' references are dropped (under the lock).
    private static QomContext[] LiveSubscribers()
    {
        var live = new QomContext[subscriberCount];
        int kept = 0;
        for (int i = 0; i < subscriberCount; i++)
        {
            var reference = subscribers[i];
            if (reference.TryGetTarget(out var context))
            {
                live[kept] = context;
                subscribers[kept++] = reference;
            }
        }

        Array.Clear(subscribers, kept, subscriberCount - kept);
        subscriberCount = kept;
        if (kept != live.Length)
        {
            Array.Resize(ref live, kept);
        }

        return live;
    }
}
