using System.Collections.Generic;

namespace QomSharp.Qdev;

/// <summary>
/// Every bus that has a parent device, by name, kept up to date as buses are created and leave the
/// tree, so that <c>bus=</c> finds a bus without searching the whole tree. Bus names need not be
/// unique (a user id may repeat an automatic name); a name shared by several buses is answered by
/// the tree search, which alone knows QEMU's order among them.
/// </summary>
internal sealed class BusNameIndex
{
    // A name maps to its one bus or, rarely, to a List<Bus> of the buses sharing it.
    private readonly Dictionary<string, object> byName = new(System.StringComparer.Ordinal);

    /// <summary>The number of buses indexed.</summary>
    internal int Count { get; private set; }

    internal void Add(Bus bus)
    {
        Count++;
        if (!byName.TryGetValue(bus.Name, out var entry))
        {
            byName.Add(bus.Name, bus);
        }
        else if (entry is List<Bus> shared)
        {
            shared.Add(bus);
        }
        else
        {
            byName[bus.Name] = new List<Bus> { (Bus)entry, bus };
        }
    }

    internal void Remove(Bus bus)
    {
        if (!byName.TryGetValue(bus.Name, out var entry))
        {
            return;
        }

        if (entry is List<Bus> shared)
        {
            if (shared.Remove(bus))
            {
                Count--;
                if (shared.Count == 1)
                {
                    byName[bus.Name] = shared[0];
                }
            }
        }
        else if (ReferenceEquals(entry, bus))
        {
            Count--;
            byName.Remove(bus.Name);
        }
    }

    /// <summary>
    /// How many buses named <paramref name="name"/> are in the tree below <paramref name="root"/>
    /// (the root included), counting at most two; <paramref name="only"/> is the bus when there is one.
    /// </summary>
    internal int CountBelow(Bus root, string name, out Bus? only)
    {
        only = root.Name == name ? root : null;
        int count = only is null ? 0 : 1;
        if (byName.TryGetValue(name, out var entry))
        {
            if (entry is List<Bus> shared)
            {
                foreach (var bus in shared)
                {
                    if (!ReferenceEquals(bus, root) && IsBelow(bus, root))
                    {
                        only = bus;
                        if (++count > 1)
                        {
                            break;
                        }
                    }
                }
            }
            else if (!ReferenceEquals(entry, root) && IsBelow((Bus)entry, root))
            {
                only = (Bus)entry;
                count++;
            }
        }

        return count;
    }

    // Whether the bus hangs, through its parent device and that device's bus, below the root.
    private static bool IsBelow(Bus bus, Bus root)
    {
        for (var at = bus.ParentDevice?.ParentBus; at is not null; at = at.ParentDevice?.ParentBus)
        {
            if (ReferenceEquals(at, root))
            {
                return true;
            }
        }

        return false;
    }
}
