using QomSharp.Generators.Helpers;

namespace QomSharp.Generators.Model;

/// <summary>
/// What the module file needs from the compilation: the assembly's name, whether it sees the
/// runtime's internals (the runtime itself, or a friend assembly: overrides of <c>protected internal</c>
/// members must then keep <c>internal</c>), the module types of referenced assemblies, and whether
/// the module registers itself when the assembly loads (no <c>[assembly: QomExplicitRegistration]</c>).
/// Immutable with structural equality; keep it that way.
/// </summary>
internal sealed record ModuleInfoSpec(string AssemblyName, bool SeesRuntimeInternals, EquatableArray<string> DependencyModules, bool RegisterAtLoad = true);
