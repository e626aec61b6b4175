using System.Collections.Generic;

namespace QomSharp.Qdev;

/// <summary>
/// QEMU's qdev monitor: <c>-device</c> and <c>device_add</c> (<c>qdev_device_add_from_qdict</c>) and
/// <c>device_del</c>. A failed add leaves the tree, ids, counters and reference counts as they were.
/// </summary>
public static class QdevMonitor
{
    /// <summary>
    /// Creates, places, configures and realizes a device from ordered options (<c>driver</c>,
    /// optional <c>bus</c> and <c>id</c>, then properties in the given order). Returns the device,
    /// which the tree owns.
    /// </summary>
    public static Device DeviceAdd(QomContext context, IReadOnlyList<KeyValuePair<string, QomInput>> options) =>
        DeviceAdd(context, options, validateId: true);

    /// <summary>
    /// <see cref="DeviceAdd(QomContext, IReadOnlyList{KeyValuePair{string, QomInput}})"/>; the JSON
    /// form of <c>-device</c> bypasses QemuOpts and so does not check the id's form
    /// (<paramref name="validateId"/> false), as in QEMU.
    /// </summary>
    public static Device DeviceAdd(QomContext context, IReadOnlyList<KeyValuePair<string, QomInput>> options, bool validateId)
    {
        string? driver = null;
        string? busPath = null;
        string? id = null;

        // Indexed: foreach over the interface would box an enumerator for every device added.
        for (int i = 0; i < options.Count; i++)
        {
            var (key, value) = options[i];
            switch (key)
            {
                case "driver":
                    driver = value.ReadString(key);
                    break;
                case "bus":
                    busPath = value.ReadString(key);
                    break;
                case "id":
                    id = value.ReadString(key);
                    break;
            }
        }

        if (validateId && id is not null && !QomTypeNames.IsWellFormedId(id))
        {
            throw new QomException("Parameter 'id' expects an identifier", hint: UserCreatables.IdHint);
        }

        if (driver is null)
        {
            throw new QomException("Parameter 'driver' is missing");
        }

        var machine = Machine.Current(context)
            ?? throw new QomException("No machine specified, and there is no default");
        var deviceClass = GetDeviceClass(context, machine, driver);
        driver = deviceClass.Name;
        Bus? bus = null;
        if (busPath is not null)
        {
            bus = BusFinder.Find(machine.MainSystemBus, busPath);
            if (deviceClass.BusType is null || !bus.IsA(deviceClass.BusType))
            {
                throw new QomException($"Device '{driver}' can't go on {bus.TypeName} bus");
            }
        }
        else if (deviceClass.BusType is { } busType)
        {
            bus = BusFinder.FindRecursive(machine.MainSystemBus, null, busType);
            if (bus is null || bus.IsFull)
            {
                throw new QomException($"No '{busType}' bus found for device '{driver}'");
            }
        }

        bool hotplug = context.Qdev.Phase == MachinePhase.MachineReady;
        var device = (Device)deviceClass.CreateInstance();
        try
        {
            // QEMU 10.0's qdev_hotplug_allowed: the device's class first, then the bus, then the machine.
            if (hotplug && !deviceClass.Hotpluggable)
            {
                throw new QomException($"Device '{deviceClass.Name}' does not support hotplugging");
            }

            if (hotplug && bus is not null && !bus.IsHotpluggable)
            {
                throw new QomException($"Bus '{bus.Name}' does not support hotplugging");
            }

            if (hotplug)
            {
                machine.CheckHotplugAllowed(device);
            }

            if (hotplug && bus is null && machine.GetHotplugHandler(device) is null)
            {
                throw new QomException($"Device '{driver}' can not be hotplugged on this machine");
            }

            SetId(machine, device, id);
            for (int i = 0; i < options.Count; i++)
            {
                var (key, value) = options[i];
                if (key is not ("driver" or "bus" or "id"))
                {
                    // By span: the look-up by string remembers its last name, which alternates here.
                    device.SetPropertyValue(device.GetPropertyOrThrow(System.MemoryExtensions.AsSpan(key)), value);
                }
            }

            device.RealizeOn(bus);
            device.Unref();
            return device;
        }
        catch (QomException)
        {
            device.Unparent();
            device.Unref();
            throw;
        }
    }

    /// <summary>
    /// QEMU's <c>qdev_get_device_class</c>: the class of a user-creatable device type (or alias), with
    /// QEMU's refusals for other types.
    /// </summary>
    public static DeviceClass GetDeviceClass(QomContext context, Machine machine, string driver)
    {
        var klass = context.FindClass(driver);
        string? original = null;
        if (klass is null && FindByAlias(context, driver) is { } aliased)
        {
            original = driver;
            klass = aliased;
        }

        if (klass?.DynamicCast(Device.QomTypeName) is null || klass is not DeviceClass deviceClass)
        {
            throw original is null
                ? new QomException($"'{driver}' is not a valid device model name")
                : new QomException($"'{original}' (alias '{klass!.Name}') is not a valid device model name");
        }

        if (deviceClass.IsAbstract)
        {
            throw new QomException("Parameter 'driver' expects a non-abstract device type");
        }

        if (!deviceClass.UserCreatable)
        {
            throw new QomException("Parameter 'driver' expects a pluggable device type");
        }

        if (deviceClass.DynamicCast(SysBusDevice.QomTypeName) is not null && !machine.AllowsDynamicSysBusDevice(deviceClass.Name))
        {
            throw new QomException("Parameter 'driver' expects a dynamic sysbus device type for the machine");
        }

        return deviceClass;
    }

    private static DeviceClass? FindByAlias(QomContext context, string alias)
    {
        foreach (var klass in context.GetClasses(Device.QomTypeName))
        {
            if (klass is DeviceClass device && device.Alias == alias)
            {
                return device;
            }
        }

        return null;
    }

    // QEMU's qdev_set_id: /machine/peripheral/<id>, or /machine/peripheral-anon/device[N].
    /// <summary>
    /// Makes room in <c>/machine/peripheral-anon</c> for <paramref name="devices"/> more devices
    /// without an id, as a command line of many <c>-device</c> options knows beforehand: past eight,
    /// its list of <c>device[N]</c> children (held by index, see <see cref="QomObject.AddChildWithIndex"/>)
    /// is made at that size instead of growing as they come. Nothing it shows changes.
    /// </summary>
    public static void ReserveAnonymous(QomContext context, int devices)
    {
        System.ArgumentNullException.ThrowIfNull(context);
        if (context.ResolvePath("/machine/peripheral-anon") is { } container)
        {
            container.ReserveIndexedChildren(devices);
        }
    }

    private static void SetId(Machine machine, Device device, string? id)
    {
        if (id is not null)
        {
            var peripheral = machine.GetChild("peripheral")!;
            if (peripheral.FindProperty(id) is not null)
            {
                throw new QomException($"Duplicate device ID '{id}'");
            }

            peripheral.AddChild(id, device);
            device.Id = id;
        }
        else
        {
            var qdev = machine.Context.Qdev;
            machine.GetChild("peripheral-anon")!.AddChildWithIndex("device", qdev.AnonymousCount++, device);
        }
    }

    /// <summary>
    /// QEMU's <c>qdev_prop_check_globals</c>, after machine creation: a warning for each unused
    /// <c>-global</c> whose driver is not a device type, or is a device type that cannot be hot-plugged
    /// (those of hot-pluggable types may still be used later and stay silent).
    /// </summary>
    public static List<string> CheckGlobals(QomContext context)
    {
        var warnings = new List<string>();
        foreach (var global in context.Qdev.Globals)
        {
            if (global.Used)
            {
                continue;
            }

            if (context.FindClass(global.Driver)?.DynamicCast(Device.QomTypeName) is not DeviceClass device)
            {
                warnings.Add($"global {global.Driver}.{global.Property} has invalid class name");
            }
            else if (!device.Hotpluggable)
            {
                warnings.Add($"global {global.Driver}.{global.Property}={global.Value} not used");
            }
        }

        return warnings;
    }

    /// <summary>
    /// QEMU's <c>device_del</c>: finds the device by id (under <c>/machine/peripheral</c>) or by
    /// absolute path and unplugs it through its hot-plug handler.
    /// </summary>
    public static Device DeviceDelete(QomContext context, string idOrPath)
    {
        var obj = idOrPath.StartsWith('/')
            ? context.ResolvePath(idOrPath)
            : context.ResolvePath($"/machine/peripheral/{idOrPath}", Device.QomTypeName, out _);
        if (obj is null)
        {
            throw new QomException($"Device '{idOrPath}' not found", QomErrorClass.DeviceNotFound);
        }

        if (obj is not Device device)
        {
            throw new QomException($"{idOrPath} is not a device");
        }

        if (device.PendingDeletedEvent && device.Parent is not null)
        {
            throw new QomException($"Device {idOrPath} is already in the process of unplug");
        }

        if (device.ParentBus is { IsHotpluggable: false } bus)
        {
            throw new QomException($"Bus '{bus.Name}' does not support hotplugging");
        }

        if (!device.DeviceClass.Hotpluggable)
        {
            throw new QomException($"Device '{device.TypeName}' does not support hotplugging");
        }

        var handler = device.HotplugHandler
            ?? throw new QomException($"Device '{device.TypeName}' can not be hotplugged on this machine");
        handler.UnplugRequest(device);
        return device;
    }
}
