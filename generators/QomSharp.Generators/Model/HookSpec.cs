namespace QomSharp.Generators.Model;

/// <summary>
/// A hook method: its name and, for class hooks, the class-struct type to cast to (null when the
/// parameter is <c>QomClass</c> itself). Immutable with structural equality; keep it that way.
/// </summary>
internal sealed record HookSpec(string MethodName, string? ParameterCast);
