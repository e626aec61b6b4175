using System;
using System.Collections.Generic;
using System.Threading;

namespace QomSharp;

/// <summary>
/// A module whose types are defined at run time (QEMU allows registering types at any time, as
/// plugins and loadable modules do), with their code given as delegates by a
/// <see cref="QomDynamicType"/>. Each <see cref="Register"/> call registers one type into one
/// <see cref="QomContext"/>; like any registration it resolves nothing, so a type may be
/// registered before its parent, and QEMU's registration errors apply. The module is not added
/// to <see cref="QomModules"/>: its types live only in the contexts they are registered into.
/// </summary>
public sealed class QomDynamicModule : QomModule
{
    private readonly Lock gate = new();
    private readonly List<(QomDynamicType Type, QomContext Context)> definitions = [];

    /// <summary>Creates an empty module.</summary>
    public QomDynamicModule(string name = "QomSharp.Dynamic")
        : base(name, string.Empty)
    {
    }

    /// <summary>
    /// Registers <paramref name="type"/> in <paramref name="context"/> (QEMU's <c>type_register</c>).
    /// </summary>
    /// <exception cref="QomFatalException">The name is illegal or already registered.</exception>
    public QomTypeInfo Register(QomContext context, QomDynamicType type)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(type);
        QomTypeInfo info;
        lock (gate)
        {
            info = new QomTypeInfo(type.Name, type.Parent, type.Flags, [.. type.Interfaces], this, definitions.Count);
            definitions.Add((type, context));
        }

        context.RegisterType(info);
        return info;
    }

    private (QomDynamicType Type, QomContext Context) At(int index)
    {
        lock (gate)
        {
            return definitions[index];
        }
    }

    /// <inheritdoc/>
    protected internal override QomObject CreateInstance(int index)
    {
        var (type, context) = At(index);
        if (type.Factory is { } factory)
        {
            return factory();
        }

        // No factory of its own: the parent's (QEMU's instance size 0 means "inherited"). The root's
        // layout is lent even though "object" itself cannot be instantiated.
        if (type.Parent == QomObject.QomTypeName)
        {
            return new PlainObject();
        }

        var parent = context.GetClass(type.Parent).TypeInfo;
        return parent.Module.CreateInstance(parent.Index);
    }

    /// <inheritdoc/>
    protected internal override QomClass CreateClass(int index) => At(index).Type.ClassFactory!();

    /// <inheritdoc/>
    protected internal override void RunClassInit(int index, QomClass klass) => At(index).Type.ClassInit!(klass);

    /// <inheritdoc/>
    protected internal override void RunClassBaseInit(int index, QomClass klass) => At(index).Type.ClassBaseInit!(klass);

    /// <inheritdoc/>
    protected internal override Action<QomObject>? GetInstanceInit(int index) => At(index).Type.InstanceInit;

    /// <inheritdoc/>
    protected internal override Action<QomObject>? GetInstancePostInit(int index) => At(index).Type.InstancePostInit;

    /// <inheritdoc/>
    protected internal override Action<QomObject>? GetInstanceFinalize(int index) => At(index).Type.InstanceFinalize;

    /// <inheritdoc/>
    protected internal override QomProperty[] CreateProperties(int index)
    {
        var properties = At(index).Type.Properties!();
        foreach (var property in properties)
        {
            // A default given to a run-time property is QEMU's object_property_set_default_*.
            property.ApplyDefaultOnCreate |= property.DefaultValue is not null;
        }

        return properties;
    }
}
