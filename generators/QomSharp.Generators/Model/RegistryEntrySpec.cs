namespace QomSharp.Generators.Model;

/// <summary>
/// One line of the module's type table plus what its dispatch methods call: the C# type (an
/// interface's has no hooks and no instances; only its class struct may be created) and the class
/// struct. Immutable with structural equality; keep it that way.
/// </summary>
internal sealed record RegistryEntrySpec(
    string QomName,
    string ParentQomName,
    int Flags,
    string Interfaces,
    string? TypeFqn,
    string? ClassTypeFqn);
