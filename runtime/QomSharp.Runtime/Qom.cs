using System;

namespace QomSharp;

/// <summary>Shortcuts to the process-wide universe, <see cref="QomContext.Default"/>.</summary>
public static class Qom
{
    /// <summary>Creates an object by QOM type name.</summary>
    public static QomObject New(string typeName) => QomContext.Default.New(typeName);

    /// <summary>Creates an object of a generated type.</summary>
    public static T New<T>() where T : QomObject => QomContext.Default.New<T>();

    /// <summary>
    /// Creates an object with properties and adds it to the tree in one step, atomically (QEMU's
    /// <c>object_new_with_props</c>); see <see cref="QomContext.NewWithProperties"/>.
    /// </summary>
    public static QomObject NewWithProperties(string typeName, QomObject? parent, string? id, params ReadOnlySpan<(string Name, string Value)> properties) =>
        QomContext.Default.NewWithProperties(typeName, parent, id, properties);

    /// <summary>The class of a type, built on first use; null for an unknown name.</summary>
    public static QomClass? FindClass(string typeName) => QomContext.Default.FindClass(typeName);

    /// <summary>The root of the composition tree.</summary>
    public static QomObject Root => QomContext.Default.Root;

    /// <summary>Resolves an absolute or partial path.</summary>
    public static QomObject? ResolvePath(string path) => QomContext.Default.ResolvePath(path);

    /// <summary>Creates an object by name with <paramref name="configure"/> applied (no parent).</summary>
    public static QomObject New(string typeName, Action<QomObject> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var obj = New(typeName);
        try
        {
            configure(obj);
            return obj;
        }
        catch
        {
            obj.Unref();
            throw;
        }
    }
}
