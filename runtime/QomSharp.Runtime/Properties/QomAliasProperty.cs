using System.Text.Json.Nodes;

namespace QomSharp;

/// <summary>
/// An alias of another object's property (QEMU's <c>object_property_add_alias</c>): same type
/// (a <c>child&lt;T&gt;</c> target appears as <c>link&lt;T&gt;</c>), description and default;
/// reads, writes and path steps go to the target property by name. Errors of the value's
/// conversion name the alias; errors of the target itself (not readable or writable, integer
/// width, enum member) name the target, as QEMU's forwarding visitor does.
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
    /// <remarks>Always true: QEMU's alias has both accessors and the target reports what it lacks.</remarks>
    public override bool CanRead => true;

    /// <inheritdoc/>
    /// <remarks>Always true: QEMU's alias has both accessors and the target reports what it lacks.</remarks>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    protected internal override bool IsResolvable => target.IsResolvable;

    /// <inheritdoc/>
    protected internal override JsonNode? Read(QomObject obj) => targetObject.GetPropertyValue(target.Name);

    /// <inheritdoc/>
    protected internal override void Write(QomObject obj, in QomInput input) =>
        targetObject.SetPropertyValue(target.Name, input.Renamed(Name));

    /// <inheritdoc/>
    protected internal override QomObject? Resolve(QomObject obj) => target.Resolve(targetObject);

    private static string AliasType(QomProperty target) =>
        target.Type.StartsWith("child<", System.StringComparison.Ordinal) ? "link<" + target.Type[6..] : target.Type;
}
