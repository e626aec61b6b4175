using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using QomSharp.Generators.Parsing;

namespace QomSharp.Generators.Analyzers;

/// <summary>
/// Finds the QOM types a compilation can see: its own [QomType]/[QomInterface] types and those of
/// referenced assemblies that carry [assembly: QomModule] (only those are walked, so large
/// references cost nothing).
/// </summary>
internal static class QomTypeCatalog
{
    /// <summary>Every [QomType] class and [QomInterface] interface of the compilation's own source.</summary>
    public static List<INamedTypeSymbol> SourceTypes(Compilation compilation)
    {
        var result = new List<INamedTypeSymbol>();
        Collect(compilation.Assembly.GlobalNamespace, result);
        return result;
    }

    /// <summary>Every [QomType]/[QomInterface] type of referenced assemblies marked [assembly: QomModule].</summary>
    public static List<INamedTypeSymbol> ReferencedTypes(Compilation compilation)
    {
        var result = new List<INamedTypeSymbol>();
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (QomSymbolFacts.FindAttribute(assembly, QomSymbolFacts.QomModuleAttribute) is not null)
            {
                Collect(assembly.GlobalNamespace, result);
            }
        }

        return result;
    }

    private static void Collect(INamespaceSymbol ns, List<INamedTypeSymbol> result)
    {
        foreach (var member in ns.GetMembers())
        {
            if (member is INamespaceSymbol child)
            {
                Collect(child, result);
            }
            else if (member is INamedTypeSymbol type)
            {
                CollectType(type, result);
            }
        }
    }

    private static void CollectType(INamedTypeSymbol type, List<INamedTypeSymbol> result)
    {
        if (QomSymbolFacts.QomName(type) is not null)
        {
            result.Add(type);
        }

        foreach (var nested in type.GetTypeMembers())
        {
            CollectType(nested, result);
        }
    }
}
