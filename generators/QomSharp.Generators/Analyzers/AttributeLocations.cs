using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace QomSharp.Generators.Analyzers;

/// <summary>Where to put a diagnostic about an attribute's name argument: on the argument itself when in source.</summary>
internal static class AttributeLocations
{
    public static Location NameArgument(AttributeData attribute, ISymbol fallback, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList.Arguments.Count: > 0 } syntax)
        {
            return syntax.ArgumentList.Arguments[0].GetLocation();
        }

        return fallback.Locations.Length > 0 ? fallback.Locations[0] : Location.None;
    }
}
