using QomSharp.Generators.Helpers;

namespace QomSharp.Generators.Model;

/// <summary>
/// The assembly's module: its info and its types sorted by QOM name (ordinal).
/// Immutable with structural equality; keep it that way.
/// </summary>
internal sealed record ModuleSpec(ModuleInfoSpec Info, EquatableArray<RegistryEntrySpec> Types);
