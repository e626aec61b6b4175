namespace QomSharp.Generators.Model;

/// <summary>
/// One member of a [QomEnum] enum: its QOM name and its C# member name.
/// Immutable with structural equality so the generator can cache it; keep it that way.
/// </summary>
internal sealed record EnumMemberSpec(string QomName, string MemberName);
