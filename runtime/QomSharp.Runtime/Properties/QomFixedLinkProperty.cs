using System.Text.Json.Nodes;

namespace QomSharp;

/// <summary>
/// A read-only weak <c>link&lt;T&gt;</c> that always leads to one object (a bus's <c>child[N]</c>):
/// reads as the target's canonical path. A bus holds one per device, so it carries only its
/// target, none of a general link's delegates.
/// </summary>
internal sealed class QomFixedLinkProperty : QomProperty
{
    // A bus's links to its many devices of one type share one type string.
    private static readonly QomPropertyTypeNames TypeNames = new("link");

    private readonly QomObject target;

    public QomFixedLinkProperty(string name, QomObject target)
        : base(name, TypeNames.Of(target.TypeName), null)
    {
        this.target = target;
    }

    public override bool CanRead => true;

    public override bool CanWrite => false;

    protected internal override bool IsResolvable => true;

    protected internal override JsonNode? Read(QomObject obj) => JsonValue.Create(target.CanonicalPath ?? string.Empty);

    protected internal override void Write(QomObject obj, in QomInput input) => throw NotWritable(obj);

    protected internal override QomObject? Resolve(QomObject obj) => target;
}
