using System;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;

namespace QomSharp.Benchmarks.Universe.Naive;

/// <summary>
/// The baseline: what a C# developer writes without a generator. Types are found by scanning
/// assemblies for [NaiveType] into a Dictionary&lt;string, Type&gt;; objects are created with
/// Activator; casts use Type.IsAssignableFrom; properties are PropertyInfo (cached per type when
/// the type is registered) set through Convert.ChangeType. Valid input only is timed, but errors
/// are detected (a range overflow throws, an unknown word is rejected).
/// </summary>
public sealed class NaiveRegistry
{
    private readonly Dictionary<string, Type> types = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, Dictionary<string, PropertyInfo>> properties = [];

    public int Count => types.Count;

    public static NaiveRegistry Scan(params Assembly[] assemblies)
    {
        var registry = new NaiveRegistry();
        foreach (var assembly in assemblies)
        {
            registry.Register(assembly);
        }

        return registry;
    }

    public void Register(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
        {
            if (type.GetCustomAttribute<NaiveTypeAttribute>(inherit: false) is not { } attribute)
            {
                continue;
            }

            if (!types.TryAdd(attribute.Name, type))
            {
                throw new InvalidOperationException($"type '{attribute.Name}' registered twice");
            }

            var byName = new Dictionary<string, PropertyInfo>(StringComparer.Ordinal);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetCustomAttribute<NaivePropertyAttribute>() is { } p)
                {
                    byName.Add(p.Name, property);
                }
            }

            properties.Add(type, byName);
        }
    }

    public Type? Lookup(string name) => types.TryGetValue(name, out var type) ? type : null;

    public object Create(string name)
    {
        var type = Lookup(name) ?? throw new ArgumentException($"unknown type '{name}'");
        if (type.IsAbstract || type.IsInterface)
        {
            throw new ArgumentException($"type '{name}' is abstract");
        }

        return Activator.CreateInstance(type)!;
    }

    public object? DynamicCast(object obj, string name) =>
        Lookup(name) is { } target && target.IsAssignableFrom(obj.GetType()) ? obj : null;

    public void SetProperty(object obj, string name, string value)
    {
        var property = FindProperty(obj, name);
        property.SetValue(obj, Convert(property.PropertyType, value));
    }

    public long GetIntProperty(object obj, string name) =>
        System.Convert.ToInt64(FindProperty(obj, name).GetValue(obj), CultureInfo.InvariantCulture);

    /// <summary>The -device path: "driver,key=value,...", create, set each, then drop.</summary>
    public object CreateFromOptions(string options)
    {
        var parts = options.Split(',');
        var obj = Create(parts[0]);
        for (int i = 1; i < parts.Length; i++)
        {
            int eq = parts[i].IndexOf('=', StringComparison.Ordinal);
            SetProperty(obj, parts[i][..eq], parts[i][(eq + 1)..]);
        }

        return obj;
    }

    private PropertyInfo FindProperty(object obj, string name) =>
        properties[obj.GetType()].TryGetValue(name, out var property)
            ? property
            : throw new ArgumentException($"Property '{name}' not found");

    private static object? Convert(Type type, string value)
    {
        if (type == typeof(bool))
        {
            return value switch
            {
                "on" or "yes" or "true" => true,
                "off" or "no" or "false" => false,
                _ => throw new FormatException($"'{value}' is not a boolean"),
            };
        }

        if (type.IsEnum)
        {
            return Enum.Parse(type, value, ignoreCase: true);
        }

        return System.Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
    }
}
