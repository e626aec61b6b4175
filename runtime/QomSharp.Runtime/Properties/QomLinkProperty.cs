using System;
using System.Text.Json.Nodes;

namespace QomSharp;

/// <summary>
/// Vetoes a link assignment by throwing (QEMU's link <c>check</c> callback): the object, the
/// property name and the new target (null when clearing).
/// </summary>
public delegate void QomLinkCheck(QomObject obj, string propertyName, QomObject? newTarget);

/// <summary>
/// A <c>link&lt;T&gt;</c> property: reads as the target's canonical path (<c>""</c> when unset);
/// written with a path, resolved (absolute or partial) to an object of type T, vetted by the check
/// callback, then stored. Without a check it is read-only. A strong link holds a reference on its
/// target; the <c>store</c> delegate does the reference counting, so a typed C# assignment counts
/// the same way. A read-only weak link needs no <c>store</c> (null): nothing ever writes it by name
/// or releases it.
/// </summary>
public sealed class QomLinkProperty : QomProperty
{
    private readonly Func<QomObject, QomObject?> load;
    private readonly Action<QomObject, QomObject?>? store;
    private readonly QomLinkCheck? check;
    private readonly bool isStatic;

    /// <summary>
    /// The store of a strong link (QEMU's <c>object_set_link_property</c> with
    /// <c>OBJ_PROP_LINK_STRONG</c>): takes a reference on the new target, then drops the old one's.
    /// </summary>
    /// <param name="field">The link's field.</param>
    /// <param name="target">The new target; null clears the link.</param>
    public static void ExchangeStrong(ref QomObject? field, QomObject? target)
    {
        target?.Ref();
        field?.Unref();
        field = target;
    }

    /// <summary>Creates a link property.</summary>
    /// <param name="name">The property name.</param>
    /// <param name="targetType">The QOM type the target must cast to.</param>
    /// <param name="load">Reads the current target.</param>
    /// <param name="store">Stores a new target (and counts references for a strong link); null only for a read-only weak link.</param>
    /// <param name="check">Vetoes an assignment by throwing; null makes the link read-only.</param>
    /// <param name="strong">Whether the link holds a reference on its target.</param>
    /// <param name="description">The description shown by help and introspection.</param>
    /// <param name="isStatic">Whether it is a qdev static property.</param>
    /// <exception cref="ArgumentException"><paramref name="store"/> is null for a writable or strong link.</exception>
    public QomLinkProperty(
        string name,
        string targetType,
        Func<QomObject, QomObject?> load,
        Action<QomObject, QomObject?>? store,
        QomLinkCheck? check,
        bool strong,
        string? description = null,
        bool isStatic = false)
        : base(name, $"link<{targetType}>", description)
    {
        this.store = store is not null || (check is null && !strong)
            ? store
            : throw new ArgumentException($"link '{name}' is writable or strong, so it needs a store delegate", nameof(store));
        this.load = load;
        this.check = check;
        this.isStatic = isStatic;
        TargetType = targetType;
        IsStrong = strong;
    }

    /// <summary>The check that allows every assignment (QEMU's <c>object_property_allow_set_link</c>).</summary>
    public static readonly QomLinkCheck AllowSet = static (_, _, _) => { };

    /// <summary>The QOM type the target must cast to.</summary>
    public string TargetType { get; }

    /// <summary>Whether the link holds a reference on its target.</summary>
    public bool IsStrong { get; }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanWrite => check is not null;

    /// <inheritdoc/>
    public override bool IsStatic => isStatic;

    /// <inheritdoc/>
    protected internal override bool NeedsRelease => IsStrong;

    /// <inheritdoc/>
    protected internal override bool IsResolvable => true;

    /// <summary>The current target.</summary>
    public QomObject? GetTarget(QomObject obj) => load(obj);

    /// <inheritdoc/>
    protected internal override JsonNode? Read(QomObject obj) =>
        JsonValue.Create(GetTarget(obj) is { } target ? target.CanonicalPath ?? string.Empty : string.Empty);

    /// <inheritdoc/>
    protected internal override void Write(QomObject obj, in QomInput input)
    {
        string path = input.ReadString(Name);
        QomObject? target = null;
        if (path.Length != 0)
        {
            target = obj.Context.ResolveLinkTarget(path, Name, TargetType);
        }

        check!(obj, Name, target);
        store!(obj, target);
    }

    /// <inheritdoc/>
    protected internal override QomObject? Resolve(QomObject obj) => GetTarget(obj);

    /// <inheritdoc/>
    protected internal override void Release(QomObject obj)
    {
        if (IsStrong && GetTarget(obj) is not null)
        {
            store!(obj, null);
        }
    }

    /// <summary>
    /// A read-only weak link (QEMU's <c>object_property_add_link</c> without a check, or a
    /// getter-only link): it reads the target through <paramref name="load"/> and has no setter.
    /// </summary>
    public static QomLinkProperty CreateReadOnly(string name, string targetType, Func<QomObject, QomObject?> load, string? description = null, bool isStatic = false) =>
        new(name, targetType, load, store: null, check: null, strong: false, description, isStatic);

    /// <summary>
    /// Creates an instance link that keeps its target itself (QEMU's <c>object_property_add_link</c>
    /// with storage of its own); add it with <see cref="QomObject.AddProperty"/>.
    /// </summary>
    public static QomLinkProperty CreateInstanceLink(string name, string targetType, QomLinkCheck? check, bool strong, string? description = null)
    {
        var box = new LinkBox(strong);
        return new QomLinkProperty(name, targetType, box.Load, box.Store, check, strong, description);
    }

    private sealed class LinkBox(bool strong)
    {
        private QomObject? target;

        public QomObject? Load(QomObject _) => target;

        public void Store(QomObject _, QomObject? value)
        {
            var old = target;
            if (strong)
            {
                value?.Ref();
            }

            target = value;
            if (strong)
            {
                old?.Unref();
            }
        }
    }
}
