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

        var obj = klass.CreateInstance();
        bool inTree = false;
        try
        {
            foreach (var (name, value) in properties)
            {
                obj.ParseProperty(name, value);
            }

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

        if (inTree)
        {
            obj.Unref();
        }

        return obj;
    }
}
