using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;
using QomSharp.Qdev;

namespace QomSharp.Monitor;

/// <summary>
/// QEMU's help output for <c>-device</c>, <c>-object</c> and <c>-machine</c>, to the byte: the same
/// headers, order (case-insensitive type order, byte order for property lines) and padding.
/// </summary>
public static class HelpText
{
    private static readonly (DeviceCategories Category, string Name)[] Categories =
    [
        (DeviceCategories.Bridge, "Controller/Bridge/Hub"),
        (DeviceCategories.Usb, "USB"),
        (DeviceCategories.Storage, "Storage"),
        (DeviceCategories.Network, "Network"),
        (DeviceCategories.Input, "Input"),
        (DeviceCategories.Display, "Display"),
        (DeviceCategories.Sound, "Sound"),
        (DeviceCategories.Misc, "Misc"),
        (DeviceCategories.Cpu, "CPU"),
        (DeviceCategories.Watchdog, "Watchdog"),
    ];

    /// <summary><c>-device help</c> (QEMU's <c>qdev_print_devinfos</c>); <paramref name="showNoUser"/> is <c>info qdm</c>.</summary>
    public static string DeviceList(QomContext context, bool showNoUser = false)
    {
        var classes = context.GetClassesSorted(Device.QomTypeName);
        var text = new StringBuilder();
        for (int i = 0; i <= Categories.Length; i++)
        {
            bool headerPrinted = false;
            foreach (var klass in classes)
            {
                if (klass is not DeviceClass device)
                {
                    continue;
                }

                bool inCategory = i < Categories.Length
                    ? (device.Categories & Categories[i].Category) != 0
                    : device.Categories == DeviceCategories.None;
                if (!inCategory || (!showNoUser && !device.UserCreatable))
                {
                    continue;
                }

                if (!headerPrinted)
                {
                    // QEMU separates by category index, not by whether something was printed before.
                    text.Append(i > 0 ? "\n" : string.Empty)
                        .Append(i < Categories.Length ? Categories[i].Name : "Uncategorized")
                        .Append(" devices:\n");
                    headerPrinted = true;
                }

                text.Append("name \"").Append(device.Name).Append('"');
                if (device.BusType is not null)
                {
                    text.Append(", bus ").Append(device.BusType);
                }

                if (device.Alias is not null)
                {
                    text.Append(", alias \"").Append(device.Alias).Append('"');
                }

                if (device.Description is not null)
                {
                    text.Append(", desc \"").Append(device.Description).Append('"');
                }

                if (!device.UserCreatable)
                {
                    text.Append(", no-user");
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary><c>-device T,help</c> (QEMU's <c>qdev_device_help</c>); the errors are those of <c>device-list-properties</c>.</summary>
    public static string DeviceHelp(QomContext context, string typeName)
    {
        var rows = Introspection.DeviceListProperties(context, typeName);
        var lines = new List<string>(rows.Count);
        foreach (var row in rows)
        {
            lines.Add(PropertyLine(row.Name, row.Type, row.DefaultValue, row.Description));
        }

        return Listing(typeName, lines);
    }

    /// <summary><c>-object help</c>: the concrete user-creatable types.</summary>
    public static string ObjectList(QomContext context)
    {
        var text = new StringBuilder("List of user creatable objects:\n");
        foreach (var klass in context.GetClassesSorted("user-creatable"))
        {
            text.Append("  ").Append(klass.Name).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// <c>-object T,help</c> (QEMU's <c>type_print_class_properties</c>): the class properties that
    /// have a setter; null when the type is unknown (QEMU then prints the type list).
    /// </summary>
    public static string? ObjectHelp(QomContext context, string typeName)
    {
        var klass = context.FindClass(typeName);
        if (klass is null)
        {
            return null;
        }

        var lines = new List<string>();
        foreach (var property in klass.GetProperties())
        {
            if (property.CanWrite)
            {
                lines.Add(PropertyLine(property.Name, property.Type, property.DefaultValue, property.Description));
            }
        }

        return Listing(typeName, lines);
    }

    /// <summary><c>-machine help</c>: aliases first on their own row, <c>(default)</c> and <c>(deprecated)</c> marked.</summary>
    public static string MachineList(QomContext context)
    {
        var text = new StringBuilder("Supported machines are:\n");
        foreach (var machine in Machine.ListMachineClasses(context))
        {
            if (machine.Alias is not null)
            {
                text.Append($"{machine.Alias,-20} {machine.Description} (alias of {machine.MachineName})\n");
            }

            text.Append($"{machine.MachineName,-20} {machine.Description}{(machine.IsDefault ? " (default)" : string.Empty)}{(machine.Deprecated ? " (deprecated)" : string.Empty)}\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// <c>-machine TYPE,help</c> (QEMU's <c>machine_help_func</c>): the machine class's settable
    /// properties; null when <paramref name="name"/> names no machine (QEMU then lists the machines).
    /// </summary>
    public static string? MachineHelp(QomContext context, string name)
    {
        if (Machine.FindMachineClass(context, name) is not { } machine)
        {
            return null;
        }

        var lines = new List<string>();
        foreach (var property in machine.GetProperties())
        {
            if (property.CanWrite)
            {
                lines.Add(PropertyLine(property.Name, property.Type, property.DefaultValue, property.Description));
            }
        }

        return Listing(machine.Name, lines);
    }

    /// <summary>QEMU's <c>object_property_help</c>: <c>  name=&lt;type&gt;</c>, padded to column 24, then description and default (strings bare, booleans on/off).</summary>
    public static string PropertyLine(string name, string type, JsonNode? defaultValue, string? description)
    {
        var line = new StringBuilder().Append("  ").Append(name).Append("=<").Append(type).Append('>');
        if (description is not null || defaultValue is not null)
        {
            if (line.Length < 24)
            {
                line.Append(' ', 24 - line.Length);
            }

            line.Append(" - ");
        }

        if (description is not null)
        {
            line.Append(description);
        }

        if (defaultValue is not null)
        {
            line.Append(" (default: ").Append(DefaultText(defaultValue)).Append(')');
        }

        return line.ToString();
    }

    // QEMU 10.0 prints a string default as it is and a bool as on/off; anything else as JSON.
    private static string DefaultText(JsonNode defaultValue) => defaultValue.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.String => defaultValue.GetValue<string>(),
        System.Text.Json.JsonValueKind.True => "on",
        System.Text.Json.JsonValueKind.False => "off",
        _ => Qmp.QmpJson.Write(defaultValue),
    };

    private static string Listing(string typeName, List<string> lines)
    {
        lines.Sort(StringComparer.Ordinal);
        var text = new StringBuilder();
        text.Append(lines.Count > 0 ? $"{typeName} options:\n" : $"There are no options for {typeName}.\n");
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }
}
