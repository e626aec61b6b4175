using System.Text.Json.Nodes;

namespace QomSharp;

/// <summary>
/// A <c>child&lt;T&gt;</c> instance property: it owns one reference on the child, reads as the
/// child's canonical path, cannot be written, and leads to the child in paths. Releasing it
/// (unparent, or the parent's finalize) detaches the child and drops that reference.
/// </summary>
public sealed class QomChildProperty : QomProperty
{
    // A parent with many children of one type (devices under /machine/peripheral-anon) shares one type string.
    private static readonly QomPropertyTypeNames TypeNames = new("child");

    internal QomChildProperty(string name, QomObject owner, QomObject child)
        : base(name, TypeNames.Of(child.TypeName), null)
    {
        Owner = owner;
        Child = child;
    }


    /// <summary>The parent: the object this property belongs to.</summary>
    public QomObject Owner { get; }

    /// <summary>The child object.</summary>
    public QomObject Child { get; }

    internal bool Released { get; private set; }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    protected internal override bool NeedsRelease => !Released;

    /// <inheritdoc/>
    protected internal override bool IsResolvable => true;

    /// <inheritdoc/>
    /// <remarks>A child whose tree does not reach the root has no canonical path: it reads as <c>""</c>, as QEMU's output visitor prints a null string.</remarks>
    protected internal override JsonNode? Read(QomObject obj) => JsonValue.Create(Child.CanonicalPath ?? string.Empty);

    /// <inheritdoc/>
    protected internal override void Write(QomObject obj, in QomInput input) =>
        throw new QomException($"Property '{obj.TypeName}.{Name}' is not writable");

    /// <inheritdoc/>
    protected internal override QomObject? Resolve(QomObject obj) => Released ? null : Child;

    /// <inheritdoc/>
    protected internal override void Release(QomObject obj)
    {
        if (Released)
        {
            return;
        }

        Released = true;
        Child.DetachFromParent();
        Child.UnrefDetached(this);
    }
}
