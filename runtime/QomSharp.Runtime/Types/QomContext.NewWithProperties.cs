using System;

namespace QomSharp;

public sealed partial class QomContext
{
    /// <summary>
    /// Creates an object, sets its properties from strings in order, adds it as
    /// <paramref name="parent"/>'s child <paramref name="id"/> and, when it is user-creatable, completes
    /// it (QEMU's <c>object_new_with_props</c>). With an id the composition tree holds the only
    /// reference to the returned object; without one the caller holds the creator's reference.
    /// </summary>
    /// <remarks>
    /// Atomic: on any failure the object is released before the error propagates, so nothing is left
    /// in the tree and every reference the object took (strong links) is given back. The errors are
    /// QEMU's: <c>invalid object type: NAME</c>, <c>object type 'NAME' is abstract</c>, then those of
    /// each property's string parsing and of the completion.
    /// </remarks>
    /// <param name="typeName">The QOM type to create.</param>
    /// <param name="parent">The object that receives the new one as a child; required with an id.</param>
    /// <param name="id">The child property name, or null to leave the object outside the tree.</param>
    /// <param name="properties">Property names and values, parsed as <see cref="QomObject.ParseProperty"/> does.</param>
    /// <exception cref="QomException">The type is unknown or abstract, a property cannot be set, or completion failed.</exception>
    public QomObject NewWithProperties(string typeName, QomObject? parent, string? id, params ReadOnlySpan<(string Name, string Value)> properties)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        if (id is not null)
        {
            ArgumentNullException.ThrowIfNull(parent);
        }

        var klass = FindClass(typeName) ?? throw new QomException($"invalid object type: {typeName}");
        if (klass.IsAbstract)
        {
            throw new QomException($"object type '{typeName}' is abstract");
        }

        var obj = CreateAttachComplete(klass, properties.ToArray(), static (created, pairs) =>
        {
            foreach (var (name, value) in pairs)
            {
                created.ParseProperty(name, value);
            }
        }, parent, id);

        // In the tree, the tree's reference is the only one; outside it, the caller keeps the creator's.
        if (id is not null)
        {
            obj.Unref();
        }

        return obj;
    }

    // The body object_new_with_props and user_creatable_add_type share: create, set the properties,
    // add as parent's child id (when given), complete. On failure the object is released and nothing
    // stays in the tree; on success it is returned with the creator's reference still held.
    internal static QomObject CreateAttachComplete<TProperties>(QomClass klass, TProperties properties, Action<QomObject, TProperties> setProperties, QomObject? parent, string? id)
    {
        var obj = klass.CreateInstance();
        bool inTree = false;
        try
        {
            setProperties(obj, properties);
            if (id is not null)
            {
                parent!.AddChild(id, obj);
                inTree = true;
            }

            (obj as IUserCreatable)?.Complete();
        }
        catch (QomException)
        {
            if (inTree)
            {
                obj.Unparent();
            }

            obj.Unref();
            throw;
        }

        return obj;
    }
}
