using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading;

namespace QomSharp;

/// <summary>
/// The root of every QOM object (QEMU's <c>Object</c>, type <c>object</c>). An object knows its
/// class, its reference count, its parent in the composition tree and its instance properties.
/// New objects start with one reference, the creator's; when the last is dropped the object is
/// finalized: its properties are released (children go first), then the finalize hooks run, leaf
/// type first.
/// </summary>
[QomType("object", Abstract = true)]
public abstract partial class QomObject
{
    private QomClass? klass;
    private int refCount;

    // Finalized, and bits a subclass of this assembly keeps here instead of in fields of its own
    // (a device's realized, hotplugged and pending-delete flags): one int beside the reference
    // count, which the object's layout pads to eight bytes anyway.
    private protected int flags;

    // The bit of flags that says the object was finalized; subclasses use the bits above it.
    private protected const int FinalizedFlag = 1;

    // The bit of flags that says writes of static properties are to be checked by
    // BeforeStaticPropertySet (a device sets it while realized); subclasses leave it alone otherwise.
    private protected const int StaticPropertiesLockedFlag = 1 << 30;

    // The bit of flags a subclass sets through CheckStaticPropertyWrites (apart from a device's lock).
    private const int StaticPropertyChecksRequestedFlag = 1 << 29;

    /// <summary>Objects are created through their class (<see cref="QomContext.New(ReadOnlySpan{char})"/>).</summary>
    protected internal QomObject()
    {
    }

    // QOM's own "type" property (object_class_property_add_str in object_class_init): type string
    // "string", read-only.
    [QomClassInit]
    private static void ClassInit(QomClass klass) =>
        klass.AddProperty(new QomStringProperty("type", static o => o.TypeName, null, type: "string"));

    /// <summary>The object's class.</summary>
    public QomClass Class => klass ?? NotAttached();

    // Out of line, so that the getter inlines: every look-up, cast and write reads the class.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static QomClass NotAttached() => throw new InvalidOperationException("object was created outside its QOM class");

    // The class of an object known to be attached (its instance hooks and finalize run only then):
    // a plain load, whose null check is the load through it.
    private protected QomClass BoundClass => klass!;

    /// <summary>The QOM type name of the object's class.</summary>
    public string TypeName => Class.Name;

    /// <summary>The universe the object lives in.</summary>
    public QomContext Context => Class.Context;

    /// <summary>The current reference count.</summary>
    public int RefCount => Volatile.Read(ref refCount);

    /// <summary>Whether the last reference was dropped and the object finalized.</summary>
    public bool IsFinalized => (flags & FinalizedFlag) != 0;

    internal void Attach(QomClass cls)
    {
        klass = cls;
        refCount = 1;
    }

    /// <summary>
    /// For generated code: QEMU's <c>object_new_with_class</c> for a new instance of a generated
    /// type, <paramref name="obj"/> as its constructor left it. The object gets its class and its one
    /// reference, then the class property defaults, every instance init root first and every
    /// post-init root first (<see cref="RunInstanceInitChain"/>, <see cref="RunInstancePostInitChain"/>).
    /// The runtime calls it through the generated module, only for a class whose whole chain is
    /// generated; it is inlined there, where the object's exact type is known, so that the hooks
    /// are direct calls.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="obj"/> already has a class.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static QomObject InitializeNewInstance(QomObject obj, QomClass klass)
    {
        if (obj.klass is not null || klass is null)
        {
            ThrowNotNew();
        }

        obj.klass = klass;
        obj.refCount = 1;
        if (klass.HasDefaultInitProperties)
        {
            klass.ApplyDefaultsOnCreate(obj);
        }

        obj.RunInstanceInitChain();
        obj.RunInstancePostInitChain();
        return obj;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotNew() => throw new InvalidOperationException("only a new object is initialised, with its class");

    /// <summary>
    /// For generated code: runs the instance init hooks (QEMU's <c>instance_init</c>) of the
    /// object's generated types, root first. The generator overrides it in every type with such a
    /// hook (or instance properties), calling the base method first; do not override it by hand.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected virtual void RunInstanceInitChain()
    {
    }

    /// <summary>
    /// For generated code: runs the post-init hooks (QEMU's <c>instance_post_init</c>) of the
    /// object's generated types, root first, as <see cref="RunInstanceInitChain"/> does the init hooks.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected virtual void RunInstancePostInitChain()
    {
    }

    /// <summary>Takes a reference (QEMU's <c>object_ref</c>); returns the object.</summary>
    public QomObject Ref()
    {
        if (Interlocked.Increment(ref refCount) <= 1)
        {
            Interlocked.Decrement(ref refCount);
            throw new QomFatalException($"object_ref: object of type '{TypeName}' was already finalized");
        }

        return this;
    }

    /// <summary>Drops a reference (QEMU's <c>object_unref</c>); the last one finalizes the object.</summary>
    public void Unref()
    {
        // A count of 1 means the caller holds the only reference, so no other thread may touch
        // the object: the last unref needs no atomic instruction (the common create/destroy path).
        // A count of 1 was set by Attach with the class. An object with neither a parent nor
        // instance properties (node null), no class property to release and no finalize hook in
        // its chain has nothing to finalize but its flag: that case is small enough to inline.
        // (A count of 1 means the object is attached: its class is read without a null test.)
        if (Volatile.Read(ref refCount) == 1 && node is null && klass!.FinalizesTrivially)
        {
            refCount = 0;
            flags |= FinalizedFlag;
            return;
        }

        UnrefSlow();
    }

    private void UnrefSlow()
    {
        if (Volatile.Read(ref refCount) == 1)
        {
            refCount = 0;
            FinalizeObject();
            return;
        }

        int now = Interlocked.Decrement(ref refCount);
        if (now == 0)
        {
            FinalizeObject();
        }
        else if (now < 0)
        {
            // Undo the decrement: a refused unref leaves the count as it was.
            Interlocked.Increment(ref refCount);
            throw new QomFatalException($"object_unref: object of type '{TypeName}' has no reference left");
        }
    }

    // QEMU's object_finalize: release every property once (instance first, then class properties),
    // restarting after each release since a release may remove others; then finalize hooks leaf → root.
    private void FinalizeObject()
    {
        var cls = Class;

        // An object with neither a parent nor instance properties (node null) whose class has no
        // property to release has nothing to release and no table to clear: only the hooks run.
        if (node is not null || cls.HasReleasableClassProperties)
        {
            // A child never made holds nothing to release: it is not made now.
            instanceProperties.DropPlaceholders();
            if (!instanceProperties.IsEmpty || cls.HasReleasableClassProperties)
            {
                ReleaseAllProperties();
            }

            SetInstanceProperties(default);
        }

        var finalizers = cls.Finalizers;
        for (int i = 0; i < finalizers.Length; i++)
        {
            finalizers[i](this);
        }

        flags |= FinalizedFlag;
        if (Parent is not null)
        {
            throw new QomFatalException($"object of type '{TypeName}' finalized while it still has a parent");
        }
    }

    private void ReleaseAllProperties()
    {
        var done = new HashSet<QomProperty>(ReferenceEqualityComparer.Instance);
        bool released;
        do
        {
            released = false;
            foreach (var property in GetProperties())
            {
                if (done.Add(property) && property.NeedsRelease)
                {
                    property.Release(this);
                    released = true;
                    break;
                }
            }
        }
        while (released);
    }

    /// <summary>
    /// Called on a child just before it leaves its parent, while <see cref="Parent"/> is still set
    /// (QEMU's class <c>unparent</c> hook). Overrides must call the base method.
    /// </summary>
    protected internal virtual void OnUnparent()
    {
    }

    // Whether a write of a static property asks BeforeStaticPropertySet first.
    internal bool StaticPropertiesLocked => (flags & (StaticPropertiesLockedFlag | StaticPropertyChecksRequestedFlag)) != 0;

    /// <summary>
    /// Whether writes of static (declared) properties are checked by
    /// <see cref="BeforeStaticPropertySet"/> (a realized device's are, whatever this says). An
    /// object that refuses some writes turns it on while it does: otherwise a write costs no
    /// virtual call.
    /// </summary>
    protected bool CheckStaticPropertyWrites
    {
        get => (flags & StaticPropertyChecksRequestedFlag) != 0;
        set => flags = value ? flags | StaticPropertyChecksRequestedFlag : flags & ~StaticPropertyChecksRequestedFlag;
    }

    /// <summary>
    /// Called before a static (declared) property is written while
    /// <see cref="CheckStaticPropertyWrites"/> is on or the object is a realized device, to refuse by throwing.
    /// The default allows every write.
    /// </summary>
    protected internal virtual void BeforeStaticPropertySet(QomProperty property)
    {
    }

    /// <summary>
    /// QEMU's <c>object_dynamic_cast</c>: this object if its class casts to the named type, else
    /// null (an interface implemented more than once along different lines is ambiguous: null).
    /// </summary>
    public QomObject? DynamicCast(ReadOnlySpan<char> typeName) => CastsTo(typeName) ? this : null;

    /// <inheritdoc cref="DynamicCast(ReadOnlySpan{char})"/>
    public QomObject? DynamicCast(string typeName) => CastsTo(typeName) ? this : null;

    /// <summary>Whether the object casts to the named type.</summary>
    public bool IsA(ReadOnlySpan<char> typeName) => CastsTo(typeName);

    /// <inheritdoc cref="IsA(ReadOnlySpan{char})"/>
    public bool IsA(string typeName) => CastsTo(typeName);

    // The class is read once: casts run on hot paths, and each read checks it was attached.
    private bool CastsTo(ReadOnlySpan<char> typeName)
    {
        var cls = Class;
        return cls.CastsTo(cls.Context.FindClass(typeName));
    }

    private bool CastsTo(string typeName) => Class.CastsTo(typeName);

    /// <summary>
    /// QEMU's <c>OBJECT_CHECK</c>: the object if it casts to the named type; a failing cast is a
    /// programming error.
    /// </summary>
    public QomObject CastChecked(string typeName) => DynamicCast(typeName)
        ?? throw new QomFatalException($"Object {CanonicalPath ?? TypeName} is not an instance of type {typeName}");

    /// <inheritdoc/>
    public override string ToString() => klass is null ? base.ToString()! : $"{TypeName} {CanonicalPath ?? "(unattached)"}";
}
