using QomSharp.Generators.Helpers;
using QomSharp.Generators.Parsing;

namespace QomSharp.Generators.Model;

/// <summary>
/// One [QomProperty], [QomLink] or [QomChild] C# property: what the implementation part (for a
/// partial property) and the descriptor need. Type names are fully qualified with <c>global::</c>.
/// Immutable with structural equality so the generator can cache it; keep it that way.
/// </summary>
internal sealed record QomPropertySpec
{
    public required string QomName { get; init; }

    public required string MemberName { get; init; }

    public required QomPropertyKind Kind { get; init; }

    /// <summary>The declared type, with its nullable annotation (<c>string?</c>, <c>global::Ns.Dev?</c>).</summary>
    public required string DeclaredType { get; init; }

    /// <summary>The type without nullable annotation: a generic argument or cast target.</summary>
    public required string ValueType { get; init; }

    /// <summary>Whether the value is a reference type declared without <c>?</c> (a string setter then needs <c>!</c>).</summary>
    public required bool IsNonNullableReference { get; init; }

    /// <summary>A partial property gets a generated implementation; any other only a descriptor.</summary>
    public required bool IsPartial { get; init; }

    /// <summary>The property's modifiers as written (<c>public partial</c>).</summary>
    public required string Modifiers { get; init; }

    public required bool HasGetter { get; init; }

    /// <summary>The getter's own accessibility modifiers as written, or empty.</summary>
    public required string GetterModifiers { get; init; }

    public required SetterKind Setter { get; init; }

    /// <summary>The setter's own accessibility modifiers as written, or empty.</summary>
    public required string SetterModifiers { get; init; }

    /// <summary>The default as C# source (<c>(byte)39</c>), or null.</summary>
    public string? DefaultLiteral { get; init; }

    public string? Description { get; init; }

    /// <summary>The [QomEnum] name of an enum property.</summary>
    public string? EnumQomName { get; init; }

    public EquatableArray<EnumMemberSpec> EnumMembers { get; init; } = EquatableArray<EnumMemberSpec>.Empty;

    /// <summary>The QOM name of a link's target type.</summary>
    public string? LinkTargetQomName { get; init; }

    public bool LinkStrong { get; init; }

    public bool LinkReadOnly { get; init; }

    /// <summary>Added to each object at instance init rather than to the class (<c>Instance = true</c>).</summary>
    public bool IsInstance { get; init; }
}
