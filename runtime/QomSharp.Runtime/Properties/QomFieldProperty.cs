using System;

namespace QomSharp;

/// <summary>
/// A property backed by a typed getter and setter on the object (a generated C# property, or any
/// field): the common part of the bool, integer, string and enum kinds.
/// </summary>
public abstract class QomFieldProperty<TValue> : QomProperty
{
    private readonly Func<QomObject, TValue>? getter;
    private readonly Action<QomObject, TValue>? setter;
    private readonly bool isStatic;

    /// <summary>Creates the property; a null getter or setter makes it write-only or read-only.</summary>
    protected QomFieldProperty(string name, string type, Func<QomObject, TValue>? getter, Action<QomObject, TValue>? setter, string? description, bool isStatic)
        : base(name, type, description)
    {
        this.getter = getter;
        this.setter = setter;
        this.isStatic = isStatic;
    }

    // For the sealed kinds of this assembly that take a generated writer (QomPropertyWriter): it is
    // what Write does, as one method; it needs a setter, since it stands for a write through it.
    private protected QomFieldProperty(string name, string type, Func<QomObject, TValue>? getter, Action<QomObject, TValue>? setter, string? description, bool isStatic, QomPropertyWriter? writer)
        : this(name, type, getter, setter, description, isStatic)
    {
        if (writer is not null)
        {
            if (setter is null)
            {
                throw new ArgumentException("a writer is given only with a setter", nameof(writer));
            }

            UseWriter(writer, isStatic);
        }
    }

    /// <inheritdoc/>
    public override bool CanRead => getter is not null;

    /// <inheritdoc/>
    public sealed override bool CanWrite => setter is not null;

    /// <inheritdoc/>
    public sealed override bool IsStatic => isStatic;

    internal sealed override void SetChecked(QomObject obj, in QomInput input)
    {
        if (setter is null)
        {
            throw NotWritable(obj);
        }

        if (isStatic && obj.StaticPropertiesLocked)
        {
            obj.BeforeStaticPropertySet(this);
        }

        Write(obj, input);
    }

    /// <summary>Reads the typed value.</summary>
    public TValue GetValue(QomObject obj) => getter is null ? throw NotReadable(obj) : getter(obj);

    // Out of line: a successful read should not pay for the message's formatter frame.
    private QomException NotReadable(QomObject obj) => new($"Property '{obj.TypeName}.{Name}' is not readable");

    /// <summary>Stores a typed value, bypassing conversion (and the static-property veto).</summary>
    protected void Store(QomObject obj, TValue value) => setter!(obj, value);
}
