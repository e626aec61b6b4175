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
        var parts = path.Split('/');
        int at;
        Bus bus;
        if (path.StartsWith('/'))
        {
            bus = mainSystemBus;
            at = 1;
        }
        else
        {
            bus = FindRecursive(mainSystemBus, parts[0], null) ?? throw new QomException($"Bus '{parts[0]}' not found");
            at = 1;
        }

        while (true)
        {
            while (at < parts.Length && parts[at].Length == 0)
            {
                at++;
            }

            if (at >= parts.Length)
            {
                break;
            }

            string deviceName = parts[at++];
            var device = FindDevice(bus, deviceName)
                ?? throw new QomException($"Device '{deviceName}' not found", QomErrorClass.DeviceNotFound, ListDevices(bus));
            while (at < parts.Length && parts[at].Length == 0)
            {
                at++;
            }

            if (at >= parts.Length)
            {
                if (device.ChildBuses.Count == 1)
                {
                    bus = device.ChildBuses[0];
                    break;
                }

                throw device.ChildBuses.Count > 0
                    ? new QomException($"Device '{deviceName}' has multiple child buses", hint: ListBuses(device))
                    : new QomException($"Device '{deviceName}' has no child bus");
            }

            string busName = parts[at++];
            bus = FindChildBus(device, busName)
                ?? throw new QomException($"Bus '{busName}' not found", hint: ListBuses(device));
        }

        if (bus.IsFull)
        {
            throw new QomException($"Bus '{path}' is full");
        }

        return bus;
    }

    // QEMU's qbus_find_dev: by id, then by type name, then by alias; each the newest first.
    private static Device? FindDevice(Bus bus, string name)
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
                if (key == name)
                {
                    return device;
                }
            }
        }

        return null;
    }

    // QEMU's qbus_find_bus: the device's child bus of that name.
    private static Bus? FindChildBus(Device device, string name)
    {
        var buses = device.ChildBuses;
        for (int b = 0; b < buses.Count; b++)
        {
            if (buses[b].Name == name)
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
