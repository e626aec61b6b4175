using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using QomSharp.Generators.Parsing;

namespace QomSharp.Generators.Analyzers;

/// <summary>
/// QOM type name -> what the compilation knows about it: its own types, referenced QOM modules (the
/// runtime's own types among them). Built once per compilation, on first need.
/// </summary>
internal sealed class QomTypeIndex
{
    private readonly Dictionary<string, Entry> entries = new();

    public QomTypeIndex(Compilation compilation)
    {
        foreach (var type in QomTypeCatalog.SourceTypes(compilation))
        {
            Add(type);
        }

        foreach (var type in QomTypeCatalog.ReferencedTypes(compilation))
        {
            Add(type);
        }
    }

    public bool TryGet(string name, out Entry entry) => entries.TryGetValue(name, out entry!);

    /// <summary>Every QOM type name the index knows.</summary>
    public IEnumerable<string> Names => entries.Keys;

    /// <summary>The [QomType] classes of the index: the compilation's and those of referenced QOM modules.</summary>
    public IEnumerable<INamedTypeSymbol> Classes
    {
        get
        {
            foreach (var entry in entries.Values)
            {
                if (entry.Symbol is { TypeKind: TypeKind.Class } symbol)
                {
                    yield return symbol;
                }
            }
        }
    }

    private void Add(INamedTypeSymbol type)
    {
        var name = QomSymbolFacts.QomName(type);
        if (name is not null && !entries.ContainsKey(name))
        {
            var isAbstract = type.TypeKind == TypeKind.Interface || QomTypeRules.IsQomAbstract(type);
            entries[name] = new Entry(name, type, isAbstract);
        }
    }

    /// <summary>One QOM type: Symbol is null for the runtime's built-in types.</summary>
    internal sealed class Entry(string name, INamedTypeSymbol? symbol, bool isAbstract)
    {
        public string Name { get; } = name;

        public INamedTypeSymbol? Symbol { get; } = symbol;

        public bool IsAbstract { get; } = isAbstract;
    }
}
