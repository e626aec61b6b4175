using System.Collections.Generic;
using System.Linq;
using QomSharp.Qdev;

namespace QomSharp.Monitor;

/// <summary>
/// QEMU's QOM introspection commands as data: <c>qom-list</c>, <c>qom-list-types</c>,
/// <c>qom-list-properties</c>, <c>device-list-properties</c>. Lists come in QEMU's order: QMP builds
/// them by prepending while iterating, so they are the reverse of the iteration order.
/// </summary>
public static class Introspection
{
    private static readonly HashSet<string> DeviceBaseProperties = ["type", "realized", "hotpluggable", "hotplugged", "parent_bus"];

    /// <summary>QMP <c>qom-list</c>: <c>Path '%s' is ambiguous</c> or <c>Device '%s' not found</c>.</summary>
    public static List<PropertyInfo> QomList(QomContext context, string path)
    {
        var obj = context.ResolvePath(path, null, out bool ambiguous);
        if (obj is null)
        {
            throw ambiguous
                ? new QomException($"Path '{path}' is ambiguous")
                : new QomException($"Device '{path}' not found", QomErrorClass.DeviceNotFound);
        }

        return Reverse(obj.GetProperties(), static p => new PropertyInfo(p.Name, p.Type, null, null));
    }

    /// <summary>QMP <c>qom-list-types</c>.</summary>
    public static List<TypeListEntry> ListTypes(QomContext context, string? implements, bool includeAbstract)
    {
        var result = new List<TypeListEntry>();
        foreach (var klass in context.GetClasses(implements, includeAbstract))
        {
            result.Add(new TypeListEntry(klass.Name, klass.Parent?.Name, klass.IsAbstract));
        }

        result.Reverse();
        return result;
    }

    /// <summary>QMP <c>qom-list-properties</c>: class properties of an abstract type, else those of a temporary instance.</summary>
    public static List<PropertyInfo> QomListProperties(QomContext context, string typeName)
    {
        var klass = context.FindClass(typeName) ?? throw new QomException($"Class '{typeName}' not found", QomErrorClass.DeviceNotFound);
        if (klass.DynamicCast("object") is null)
        {
            throw new QomException("Parameter 'typename' expects a QOM type");
        }

        if (klass.IsAbstract)
        {
            return Reverse(klass.GetProperties().Where(static p => !p.AddedPerInstance), Describe);
        }

        var obj = klass.CreateInstance();
        try
        {
            return Reverse(obj.GetProperties(), Describe);
        }
        finally
        {
            obj.Unref();
        }
    }

    /// <summary>
    /// QMP <c>device-list-properties</c>: the properties of a temporary instance, without the
    /// <c>object</c>/<c>device</c> base properties and <c>legacy-*</c> ones.
    /// </summary>
    public static List<PropertyInfo> DeviceListProperties(QomContext context, string typeName)
    {
        var klass = context.FindClass(typeName) ?? throw new QomException($"Device '{typeName}' not found", QomErrorClass.DeviceNotFound);
        if (klass.DynamicCast(Device.QomTypeName) is null || klass.IsAbstract)
        {
            throw new QomException("Parameter 'typename' expects a non-abstract device type");
        }

        var obj = klass.CreateInstance();
        try
        {
            var rows = new List<PropertyInfo>();
            foreach (var property in obj.GetProperties())
            {
                if (!DeviceBaseProperties.Contains(property.Name) && !property.Name.StartsWith("legacy-", System.StringComparison.Ordinal))
                {
                    rows.Add(Describe(property));
                }
            }

            rows.Reverse();
            return rows;
        }
        finally
        {
            obj.Unref();
        }
    }

    private static PropertyInfo Describe(QomProperty property) =>
        new(property.Name, property.Type, property.Description, property.DefaultValue);

    private static List<PropertyInfo> Reverse(IEnumerable<QomProperty> properties, System.Func<QomProperty, PropertyInfo> map)
    {
        var rows = new List<PropertyInfo>();
        foreach (var property in properties)
        {
            rows.Add(map(property));
        }

        rows.Reverse();
        return rows;
    }
}
