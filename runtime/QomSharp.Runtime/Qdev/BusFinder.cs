using System;
using System.Text;

namespace QomSharp.Qdev;

/// <summary>QEMU's bus search for <c>-device</c>: <c>qbus_find</c> (a <c>bus=</c> path) and <c>qbus_find_recursive</c>.</summary>
public static class BusFinder
{
    /// <summary>
    /// QEMU's <c>qbus_find_recursive</c>: depth-first from <paramref name="bus"/>, children newest
    /// first, the first bus that matches (by name, else by type) and is not full; failing that, the
    /// first match even if full; else null. A name is looked up in the index of bus names; only a
    /// name several buses share needs the search.
    /// </summary>
    public static Bus? FindRecursive(Bus bus, string? name, string? typeName)
    {
        if (name is not null)
        {
            int count = bus.Context.Qdev.BusNames.CountBelow(bus, name, out var only);
            if (count < 2)
            {
                return only;
            }
        }

        return Search(bus, name, typeName);
    }

    // The depth-first search itself, by index so that it allocates nothing per bus or device.
    private static Bus? Search(Bus bus, string? name, string? typeName)
    {
        bool match = name is not null ? bus.Name == name : bus.IsA(typeName!);
        if (match && !bus.IsFull)
        {
            return bus;
        }

        Bus? pick = match ? bus : null;
        for (int d = 0; d < bus.ChildCount; d++)
        {
            var childBuses = bus.DeviceAt(d).ChildBuses;
            for (int b = 0; b < childBuses.Count; b++)
            {
                var found = Search(childBuses[b], name, typeName);
                if (found is not null && !found.IsFull)
                {
                    return found;
                }

                pick ??= found;
            }
        }

        return pick;
    }

    /// <summary>
    /// QEMU's <c>qbus_find</c>: a leading <c>/</c> starts at the main system bus, otherwise the first
    /// element names a bus found anywhere; then elements alternate device (id, type or alias) and bus.
    /// </summary>
    public static Bus Find(Bus mainSystemBus, string path)
    {
        // The elements are read in place (no split, no strings): a bus= of a long command line
        // is usually one element, the name of a bus.
        int at;
        Bus bus;
        if (path.StartsWith('/'))
        {
            bus = mainSystemBus;
            at = 1;
        }
        else
        {
            int slash = path.IndexOf('/');
            string first = slash < 0 ? path : path[..slash];
            bus = FindRecursive(mainSystemBus, first, null) ?? throw new QomException($"Bus '{first}' not found");
            at = slash < 0 ? path.Length : slash + 1;
        }

        while (NextElement(path, ref at, out var deviceName))
        {
            var device = FindDevice(bus, deviceName)
                ?? throw new QomException($"Device '{deviceName.ToString()}' not found", QomErrorClass.DeviceNotFound, ListDevices(bus));
            if (!NextElement(path, ref at, out var busName))
            {
                if (device.ChildBuses.Count == 1)
                {
                    bus = device.ChildBuses[0];
                    break;
                }

                throw device.ChildBuses.Count > 0
                    ? new QomException($"Device '{deviceName.ToString()}' has multiple child buses", hint: ListBuses(device))
                    : new QomException($"Device '{deviceName.ToString()}' has no child bus");
            }

            bus = FindChildBus(device, busName)
                ?? throw new QomException($"Bus '{busName.ToString()}' not found", hint: ListBuses(device));
        }

        if (bus.IsFull)
        {
            throw new QomException($"Bus '{path}' is full");
        }

        return bus;
    }

    // The next non-empty element of a path from at (empty elements, as in "a//b", are skipped).
    private static bool NextElement(string path, ref int at, out ReadOnlySpan<char> element)
    {
        while (at < path.Length && path[at] == '/')
        {
            at++;
        }

        int start = at;
        while (at < path.Length && path[at] != '/')
        {
            at++;
        }

        element = path.AsSpan(start, at - start);
        return at > start;
    }

    // QEMU's qbus_find_dev: by id, then by type name, then by alias; each the newest first.
    private static Device? FindDevice(Bus bus, ReadOnlySpan<char> name)
    {
        for (int pass = 0; pass < 3; pass++)
        {
            for (int d = 0; d < bus.ChildCount; d++)
            {
                var device = bus.DeviceAt(d);
                string? key = pass switch
                {
                    0 => device.Id,
                    1 => device.TypeName,
                    _ => device.DeviceClass.Alias,
                };
                if (key is not null && name.SequenceEqual(key))
                {
                    return device;
                }
            }
        }

        return null;
    }

    // QEMU's qbus_find_bus: the device's child bus of that name.
    private static Bus? FindChildBus(Device device, ReadOnlySpan<char> name)
    {
        var buses = device.ChildBuses;
        for (int b = 0; b < buses.Count; b++)
        {
            if (name.SequenceEqual(buses[b].Name))
            {
                return buses[b];
            }
        }

        return null;
    }

    private static string ListDevices(Bus bus)
    {
        var hint = new StringBuilder($"devices at \"{bus.Name}\":");
        string separator = " ";
        foreach (var device in bus.Devices)
        {
            hint.Append(separator).Append('"').Append(device.TypeName).Append('"');
            if (device.Id is not null)
            {
                hint.Append("/\"").Append(device.Id).Append('"');
            }

            separator = ", ";
        }

        return hint.Append('\n').ToString();
    }

    private static string ListBuses(Device device)
    {
        var hint = new StringBuilder($"child buses at \"{device.Id ?? device.TypeName}\":");
        string separator = " ";
        foreach (var bus in device.ChildBuses)
        {
            hint.Append(separator).Append('"').Append(bus.Name).Append('"');
            separator = ", ";
        }

        return hint.Append('\n').ToString();
    }
}
