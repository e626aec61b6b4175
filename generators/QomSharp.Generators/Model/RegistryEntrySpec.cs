namespace QomSharp.Generators.Model;

/// <summary>
/// One line of the module's type table plus what its dispatch methods call. TypeFqn is null for
/// interfaces (they have no code). Immutable with structural equality; keep it that way.
/// </summary>
internal sealed record RegistryEntrySpec(
    string QomName,
    string ParentQomName,
    int Flags,
    string Interfaces,
    string? TypeFqn,
    string? ClassTypeFqn);
