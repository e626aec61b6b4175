using System;
using System.Collections.Generic;
using System.Threading;

namespace QomSharp;

public sealed partial class QomContext
{
    /// <summary>The names of the containers the root is created with.</summary>
    public static readonly IReadOnlyList<string> RootContainers = ["chardevs", "objects", "backend"];

    /// <summary>The root of the composition tree (<c>/</c>), a container created with <c>/chardevs</c>, <c>/objects</c> and <c>/backend</c>.</summary>
    public QomObject Root
    {
        get
        {
            var existing = Volatile.Read(ref root);
            if (existing is not null)
            {
                return existing;
            }

            lock (registrationLock)
            {
                if (root is null)
                {
                    var created = New("container");
                    Volatile.Write(ref root, created);
                    foreach (var name in RootContainers)
                    {
                        var container = New("container");
                        created.AddChild(name, container);
                        container.Unref();
                    }
                }

                return root;
            }
        }
    }

    /// <summary>A container child of the root (<c>/objects</c>, ...).</summary>
    public QomObject GetRootContainer(string name) =>
        Root.GetChild(name) ?? throw new QomException($"Device '/{name}' not found", QomErrorClass.DeviceNotFound);

    /// <summary>Resolves a path to any object (<see cref="ResolvePath(string, string?, out bool)"/> with type <c>object</c>).</summary>
    public QomObject? ResolvePath(string path) => ResolvePath(path, null, out _);

    /// <summary>
    /// QEMU's <c>object_resolve_path_type</c>. An absolute path (<c>/a/b</c>) walks from the root
    /// through child, link and alias properties; a partial path is tried from every object of the
    /// composition tree and must match exactly one object of the type (several set
    /// <paramref name="ambiguous"/> and give null). Empty components are ignored.
    /// </summary>
    public QomObject? ResolvePath(string path, string? typeName, out bool ambiguous)
    {
        ArgumentNullException.ThrowIfNull(path);
        ambiguous = false;
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (path.StartsWith('/'))
        {
            return ResolveAbsolute(Root, parts, 0, typeName);
        }

        return ResolvePartial(Root, parts, typeName, ref ambiguous);
    }

    /// <summary>
    /// QEMU's <c>object_resolve_path_at</c>: an absolute path from the root, otherwise a path
    /// relative to <paramref name="parent"/> (no search).
    /// </summary>
    public QomObject? ResolvePathAt(QomObject parent, string path)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return ResolveAbsolute(path.StartsWith('/') ? Root : parent, parts, 0, null);
    }

    /// <summary>QEMU's <c>object_resolve_path_component</c>: one step through a child, link or alias property.</summary>
    public static QomObject? ResolvePathComponent(QomObject parent, ReadOnlySpan<char> name)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return parent.ResolveComponent(name);
    }

    /// <summary>QEMU's <c>object_resolve_type_unambiguous</c>: the one object of a type in the tree.</summary>
    public QomObject ResolveTypeUnambiguous(string typeName)
    {
        var found = ResolvePath(string.Empty, typeName, out bool ambiguous);
        if (ambiguous)
        {
            throw new QomException($"More than one object of type {typeName}");
        }

        return found ?? throw new QomException($"No object found of type {typeName}");
    }

    // QEMU's object_resolve_link: the errors a link assignment reports for a path.
    internal QomObject ResolveLinkTarget(string path, string propertyName, string targetType)
    {
        var target = ResolvePath(path, targetType, out bool ambiguous);
        if (ambiguous)
        {
            throw new QomException($"Path '{path}' does not uniquely identify an object");
        }

        if (target is null)
        {
            var untyped = ResolvePath(path, null, out bool untypedAmbiguous);
            if (untyped is not null || untypedAmbiguous)
            {
                throw new QomException($"Invalid parameter type for '{propertyName}', expected: {targetType}");
            }

            throw new QomException($"Device '{path}' not found", QomErrorClass.DeviceNotFound);
        }

        return target;
    }

    private static QomObject? ResolveAbsolute(QomObject start, string[] parts, int index, string? typeName)
    {
        var obj = start;
        for (int i = index; i < parts.Length; i++)
        {
            obj = ResolvePathComponent(obj, parts[i]);
            if (obj is null)
            {
                return null;
            }
        }

        return typeName is null ? obj : obj.DynamicCast(typeName);
    }

    private static QomObject? ResolvePartial(QomObject parent, string[] parts, string? typeName, ref bool ambiguous)
    {
        var found = ResolveAbsolute(parent, parts, 0, typeName);
        foreach (var (_, child) in parent.Children)
        {
            var match = ResolvePartial(child, parts, typeName, ref ambiguous);
            if (match is not null)
            {
                if (found is not null)
                {
                    ambiguous = true;
                    return null;
                }

                found = match;
            }

            if (ambiguous)
            {
                return null;
            }
        }

        return found;
    }
}
