using Microsoft.CodeAnalysis.CSharp;

namespace QomSharp.Generators.Helpers;

/// <summary>C# literal text for emitted code (culture-invariant, escaped).</summary>
internal static class Literals
{
    public static string String(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    public static string NullableString(string? value) => value is null ? "null" : String(value);
}
