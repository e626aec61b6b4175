using System.Text.Json.Nodes;

namespace QomSharp;

/// <summary>
/// An alias of another object's property (QEMU's <c>object_property_add_alias</c>): same type
/// (a <c>child&lt;T&gt;</c> target appears as <c>link&lt;T&gt;</c>), description and default;
/// reads, writes and path steps go to the target property, errors naming the alias.
/// </summary>
public sealed class QomAliasProperty : QomProperty
{
    private readonly QomObject targetObject;
    private readonly QomProperty target;

    /// <summary>Creates an alias; the target property must exist.</summary>
    public QomAliasProperty(string name, QomObject targetObject, string targetName)
        : base(name, AliasType(targetObject.GetPropertyOrThrow(targetName)), null)
    {
        this.targetObject = targetObject;
        target = targetObject.GetPropertyOrThrow(targetName);
        Description = target.Description;
    }

    /// <inheritdoc/>
    public override JsonNode? DefaultValue => target.DefaultValue;

    /// <inheritdoc/>
    public override bool CanRead => target.CanRead;

    /// <inheritdoc/>
    public override bool CanWrite => target.CanWrite;

    /// <inheritdoc/>
    protected internal override bool IsResolvable => target.IsResolvable;

    /// <inheritdoc/>
    protected internal override JsonNode? Read(QomObject obj) => target.Read(targetObject);

    /// <inheritdoc/>
    protected internal override void Write(QomObject obj, in QomInput input)
    {
        if (target.IsStatic)
        {
            targetObject.BeforeStaticPropertySet(target);
        }

        target.Write(targetObject, input.Renamed(Name));
    }

    /// <inheritdoc/>
    protected internal override QomObject? Resolve(QomObject obj) => target.Resolve(targetObject);

    private static string AliasType(QomProperty target) =>
        target.Type.StartsWith("child<", System.StringComparison.Ordinal) ? "link<" + target.Type[6..] : target.Type;
}
