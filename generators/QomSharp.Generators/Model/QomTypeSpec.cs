using QomSharp.Generators.Helpers;

namespace QomSharp.Generators.Model;

/// <summary>
/// Everything the emitter needs about one [QomType] class; type names are fully qualified with
/// <c>global::</c>. Immutable with structural equality so the generator can cache it; keep it that way.
/// </summary>
internal sealed record QomTypeSpec
{
    public required string QomName { get; init; }

    /// <summary><c>global::Ns.Outer.Inner</c>.</summary>
    public required string TypeFqn { get; init; }

    /// <summary>The simple name the declaration uses.</summary>
    public required string TypeName { get; init; }

    /// <summary>The fully qualified metadata name (<c>Ns.Outer+Inner</c>): the hint name's stem.</summary>
    public required string MetadataName { get; init; }

    public string? Namespace { get; init; }

    /// <summary>Outermost first.</summary>
    public EquatableArray<ContainingTypeSpec> ContainingTypes { get; init; } = EquatableArray<ContainingTypeSpec>.Empty;

    /// <summary>The class's modifiers as written on the annotated declaration.</summary>
    public required string Modifiers { get; init; }

    public required bool IsAbstract { get; init; }

    /// <summary>Whether <c>new</c> instances can be created (QOM-concrete, accessible parameterless constructor).</summary>
    public required bool CanCreate { get; init; }

    /// <summary>The QOM parent's name; null for the root <c>object</c>.</summary>
    public string? ParentQomName { get; init; }

    /// <summary>The parent carries [QomType], so it has a generated <c>QomTypeName</c> to hide.</summary>
    public bool ParentIsGenerated { get; init; }

    public EquatableArray<string> InterfaceQomNames { get; init; } = EquatableArray<string>.Empty;

    /// <summary>The declared class-struct type, or null to share the parent's.</summary>
    public string? ClassTypeFqn { get; init; }

    public HookSpec? ClassInit { get; init; }

    public HookSpec? ClassBaseInit { get; init; }

    public HookSpec? InstanceInit { get; init; }

    public HookSpec? InstancePostInit { get; init; }

    public HookSpec? InstanceFinalize { get; init; }

    public EquatableArray<QomPropertySpec> Properties { get; init; } = EquatableArray<QomPropertySpec>.Empty;

    /// <summary>Names the class's own code adds by hand (sorted): written onto the class for the analyzers of referencing assemblies.</summary>
    public EquatableArray<string> AddedPropertyNames { get; init; } = EquatableArray<string>.Empty;
}
