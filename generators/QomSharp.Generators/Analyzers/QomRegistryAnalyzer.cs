using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using QomSharp.Generators.Diagnostics;
using QomSharp.Generators.Parsing;

namespace QomSharp.Generators.Analyzers;

/// <summary>
/// QOM0004: a QOM type name registered twice, within the compilation or against a referenced QOM
/// module or the runtime's built-in types. Needs every type, so it reports at compilation end.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class QomRegistryAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.DuplicateTypeName);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (QomAnalyzerSymbols.Create(start.Compilation) is null)
            {
                return;
            }

            var declared = new ConcurrentBag<Declaration>();
            start.RegisterSymbolAction(c => Collect(c, declared), SymbolKind.NamedType);
            start.RegisterCompilationEndAction(c => ReportDuplicates(c, declared));
        });
    }

    private static void Collect(SymbolAnalysisContext context, ConcurrentBag<Declaration> declared)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var attribute = QomSymbolFacts.FindAttribute(type, QomSymbolFacts.QomTypeAttribute)
            ?? QomSymbolFacts.FindAttribute(type, QomSymbolFacts.QomInterfaceAttribute);
        if (attribute is not null && QomSymbolFacts.FirstStringArgument(attribute) is { Length: > 0 } name)
        {
            declared.Add(new Declaration(name, type, AttributeLocations.NameArgument(attribute, type, context.CancellationToken)));
        }
    }

    private static void ReportDuplicates(CompilationAnalysisContext context, ConcurrentBag<Declaration> declared)
    {
        // The runtime's own types (object, interface, container, ...) arrive like any referenced module's.
        var owners = new Dictionary<string, string>();

        foreach (var type in QomTypeCatalog.ReferencedTypes(context.Compilation))
        {
            if (QomSymbolFacts.QomName(type) is { } name && !owners.ContainsKey(name))
            {
                owners[name] = type.ToDisplayString() + " (" + type.ContainingAssembly.Name + ")";
            }
        }

        // Source order decides which declaration is "first", so the report is deterministic.
        foreach (var d in declared.OrderBy(d => d.Location.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start))
        {
            var display = d.Type.ToDisplayString();
            if (owners.TryGetValue(d.Name, out var owner))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateTypeName, d.Location, display, d.Name, owner));
            }
            else
            {
                owners[d.Name] = display;
            }
        }
    }

    // A class, not a record: IsExternalInit belongs to the generator's Helpers.
    private sealed class Declaration(string name, INamedTypeSymbol type, Location location)
    {
        public string Name { get; } = name;

        public INamedTypeSymbol Type { get; } = type;

        public Location Location { get; } = location;
    }
}
