using System.Text.Json.Nodes;

namespace QomSharp;

/// <summary>
/// A QOM property (QEMU's <c>ObjectProperty</c>): a name, a type string, and the accessors of one
/// kind. Class properties are shared by every instance of a class; instance properties belong to
/// one object. Reads produce JSON values (what <c>qom-get</c> returns); writes take a
/// <see cref="QomInput"/>, which carries the conversion rules of the path the value came by.
/// </summary>
public abstract class QomProperty
{
    /// <summary>Creates a property.</summary>
    protected QomProperty(string name, string type, string? description)
    {
        System.ArgumentNullException.ThrowIfNull(name);
        System.ArgumentNullException.ThrowIfNull(type);
        Name = name;
        Type = type;
        Description = description;
    }

    /// <summary>The name (a path component for child and link properties).</summary>
    public string Name { get; internal set; }

    /// <summary>QEMU's type string: <c>bool</c>, <c>str</c>, <c>uint8</c>, <c>link&lt;T&gt;</c>, an enum name...</summary>
    public string Type { get; }

    /// <summary>The description shown by help and introspection, if any.</summary>
    public string? Description { get; set; }

    /// <summary>The default value as JSON, if the property has one.</summary>
    public virtual JsonNode? DefaultValue => null;

    /// <summary>
    /// Whether every new instance gets <see cref="DefaultValue"/> written through the setter before
    /// any instance init runs (QEMU's <c>object_property_set_default_*</c> on a class property).
    /// Generated properties leave it off: their field initializers already hold the default. Set
    /// it before the property is added to a class.
    /// </summary>
    public bool ApplyDefaultOnCreate { get; set; }

    /// <summary>
    /// Whether QEMU adds this property to each object in its instance init, where QomSharp keeps one
    /// descriptor on the class for all of them (a memory region's <c>addr</c>, ...). Introspection of
    /// an abstract type, which QEMU answers from the class alone, does not list it. The runtime sets it
    /// on its own descriptors before adding them to a class.
    /// </summary>
    public bool AddedPerInstance { get; internal set; }

    /// <summary>Whether the property has a getter.</summary>
    public abstract bool CanRead { get; }

    /// <summary>Whether the property has a setter.</summary>
    public abstract bool CanWrite { get; }

    /// <summary>
    /// Whether the property is a field of the object's class struct declared with an attribute
    /// (QEMU's qdev static property), whose writes the object may veto (a realized device does).
    /// </summary>
    public virtual bool IsStatic => false;

    /// <summary>Whether finalize must call <see cref="Release"/> for it.</summary>
    protected internal virtual bool NeedsRelease => false;

    /// <summary>Reads the value as JSON; called only when <see cref="CanRead"/>.</summary>
    protected internal abstract JsonNode? Read(QomObject obj);

    /// <summary>Converts and stores a value; called only when <see cref="CanWrite"/>.</summary>
    protected internal abstract void Write(QomObject obj, in QomInput input);

    // A generated property's conversion and store in one method (see QomPropertyWriter), given only
    // for a writable property; writerIsStatic is its IsStatic.
    private QomPropertyWriter? writer;
    private bool writerIsStatic;

    // For the kinds that take a generated writer: the writer of a writable property.
    private protected void UseWriter(QomPropertyWriter writer, bool isStatic)
    {
        this.writer = writer;
        writerIsStatic = isStatic;
    }

    // object_property_set after the look-up: writable, not vetoed (a realized device refuses static
    // properties), then converted and stored. A generated property does it with no virtual call:
    // its fields say it is writable and whether it is static, an object whose static properties
    // are not locked is not asked, and its writer converts and stores with direct calls (so that
    // the path does not depend on what the JIT's profile devirtualizes). Inlined into the caller,
    // so that a write is one call, the writer's, with or without the JIT's profile.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal void Set(QomObject obj, in QomInput input)
    {
        var direct = writer;
        if (direct is null)
        {
            SetChecked(obj, input);
            return;
        }

        if (writerIsStatic && obj.StaticPropertiesLocked)
        {
            obj.BeforeStaticPropertySet(this);
        }

        direct(obj, this, input);
    }

    // Set without a writer. Kinds whose checks are plain fields override it, so that a write costs
    // one virtual call instead of three.
    internal virtual void SetChecked(QomObject obj, in QomInput input)
    {
        if (!CanWrite)
        {
            throw NotWritable(obj);
        }

        if (IsStatic && obj.StaticPropertiesLocked)
        {
            obj.BeforeStaticPropertySet(this);
        }

        Write(obj, input);
    }

    internal QomException NotWritable(QomObject obj) => new($"Property '{obj.TypeName}.{Name}' is not writable");

    /// <summary>The object this property leads to in a path (child, link, alias), else null.</summary>
    protected internal virtual QomObject? Resolve(QomObject obj) => null;

    /// <summary>Whether path resolution may walk through this property.</summary>
    protected internal virtual bool IsResolvable => false;

    /// <summary>Drops what the property holds for <paramref name="obj"/> (finalize, deletion).</summary>
    protected internal virtual void Release(QomObject obj)
    {
    }

    // QEMU's object_property_init_defval: the default goes through the typed JSON input path.
    internal void ApplyDefault(QomObject obj)
    {
        if (DefaultValue is { } value)
        {
            using var document = System.Text.Json.JsonDocument.Parse(value.ToJsonString());
            Write(obj, QomInput.FromJson(document.RootElement));
        }
    }

    /// <summary>Fast typed read for integer properties; false when the property is not an integer.</summary>
    protected internal virtual bool TryReadInt64(QomObject obj, out long value)
    {
        value = 0;
        return false;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Type})";
}
