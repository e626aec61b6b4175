using System.Collections.Generic;

namespace QomSharp;

/// <summary>
/// QEMU's <c>user_creatable_add_type</c> and <c>user_creatable_del</c>: the objects of
/// <c>-object</c>/<c>object-add</c>, kept at <c>/objects/&lt;id&gt;</c>. A failure leaves nothing behind.
/// </summary>
public static class UserCreatables
{
    /// <summary>The hint QEMU gives after a malformed id.</summary>
    public const string IdHint = "Identifiers consist of letters, digits, '-', '.', '_', starting with a letter.\n";

    /// <summary>
    /// Creates an object of <paramref name="typeName"/>, sets <paramref name="properties"/> in order,
    /// adds it as <c>/objects/<paramref name="id"/></c> and completes it. Returns it; the tree owns
    /// it (QEMU also returns the creator's reference; here it is dropped, so only the tree holds one).
    /// </summary>
    public static QomObject Add(QomContext context, string typeName, string? id, IEnumerable<KeyValuePair<string, QomInput>> properties)
    {
        if (id is not null && !QomTypeNames.IsWellFormedId(id))
        {
            throw new QomException("Parameter 'id' expects an identifier", hint: IdHint);
        }

        var klass = context.FindClass(typeName) ?? throw new QomException($"invalid object type: {typeName}");
        if (klass.DynamicCast("user-creatable") is null)
        {
            throw new QomException($"object type '{typeName}' isn't supported by object-add");
        }

        if (klass.IsAbstract)
        {
            throw new QomException($"object type '{typeName}' is abstract");
        }

        var obj = QomContext.CreateAttachComplete(klass, properties, static (created, inputs) =>
        {
            foreach (var (name, value) in inputs)
            {
                created.SetPropertyValue(name, value);
            }
        }, id is null ? null : context.GetRootContainer("objects"), id);

        obj.Unref();
        return obj;
    }

    /// <summary>Deletes <c>/objects/<paramref name="id"/></c> unless it is in use.</summary>
    public static void Delete(QomContext context, string id)
    {
        var obj = QomContext.ResolvePathComponent(context.GetRootContainer("objects"), id)
            ?? throw new QomException($"object '{id}' not found");
        if (obj is IUserCreatable creatable && !creatable.CanBeDeleted())
        {
            throw new QomException($"object '{id}' is in use, can not be deleted");
        }

        obj.Unparent();
    }
}
