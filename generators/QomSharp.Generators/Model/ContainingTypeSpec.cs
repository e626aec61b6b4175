namespace QomSharp.Generators.Model;

/// <summary>
/// A type that contains a QOM type, re-opened as written: its modifiers (<c>public static partial</c>),
/// its keyword (<c>class</c>, <c>record struct</c>...) and its name.
/// Immutable with structural equality so the generator can cache it; keep it that way.
/// </summary>
internal sealed record ContainingTypeSpec(string Modifiers, string Keyword, string Name);
