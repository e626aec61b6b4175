using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using QomSharp.Generators.Diagnostics;
using QomSharp.Generators.Parsing;

namespace QomSharp.Generators.Analyzers;

/// <summary>
/// Checks [QomProperty], [QomLink] and [QomChild] properties: type, name, uniqueness along the
/// hierarchy, default value, link/child target and accessor shape (QOM0101-QOM0106).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class QomPropertyAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.UnsupportedPropertyType,
        DiagnosticDescriptors.DuplicatePropertyName,
        DiagnosticDescriptors.InvalidPropertyName,
        DiagnosticDescriptors.InvalidDefault,
        DiagnosticDescriptors.InvalidLinkTarget,
        DiagnosticDescriptors.PropertyShape);

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

            start.RegisterSymbolAction(AnalyzeType, SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var isQomType = QomSymbolFacts.QomTypeName(type) is not null;
        var display = type.ToDisplayString();
        Dictionary<string, INamedTypeSymbol>? inherited = null;
        var own = new HashSet<string>();
        var seenProperties = new HashSet<IPropertySymbol>(SymbolEqualityComparer.Default);

        foreach (var (name, property, attribute) in QomTypeRules.DeclaredPropertyNames(type))
        {
            if (!isQomType)
            {
                Report(context, DiagnosticDescriptors.PropertyShape, property, name, display, "is declared in a class that is not a [QomType]; the attribute has no effect");
                continue;
            }

            // A property with two QOM attributes is reported once, as a shape error, and not analysed further.
            if (!seenProperties.Add(property))
            {
                continue;
            }

            if (!QomSymbolFacts.IsValidPropertyName(name))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidPropertyName,
                    AttributeLocations.NameArgument(attribute, property, context.CancellationToken), property.Name, display, name));
            }
            else
            {
                inherited ??= InheritedPropertyNames(type);
                var previous = inherited.TryGetValue(name, out var ancestor) ? ancestor : own.Add(name) ? null : type;
                if (previous is not null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicatePropertyName,
                        AttributeLocations.NameArgument(attribute, property, context.CancellationToken), property.Name, display, name, previous.ToDisplayString()));
                }
            }

            if (ShapeProblem(property) is { } shape)
            {
                Report(context, DiagnosticDescriptors.PropertyShape, property, name, display, shape);
                if (CountPropertyAttributes(property) > 1)
                {
                    continue;
                }
            }

            switch (attribute.AttributeClass?.ToDisplayString())
            {
                case QomSymbolFacts.QomPropertyAttribute:
                    AnalyzeValueProperty(context, property, attribute, name, display);
                    break;
                case QomSymbolFacts.QomLinkAttribute when !QomTypeRules.IsLinkTarget(property.Type):
                    Report(context, DiagnosticDescriptors.InvalidLinkTarget, property, name, display, property.Type.ToDisplayString(), "a QOM class or a QOM interface");
                    break;
                case QomSymbolFacts.QomChildAttribute when !QomTypeRules.IsChildTarget(property.Type):
                    Report(context, DiagnosticDescriptors.InvalidLinkTarget, property, name, display, property.Type.ToDisplayString(), "a QOM class");
                    break;
            }
        }
    }

    private static void AnalyzeValueProperty(SymbolAnalysisContext context, IPropertySymbol property, AttributeData attribute, string name, string display)
    {
        var isSize = QomSymbolFacts.NamedArgument(attribute, "Size") is { Value: true };
        if (isSize && property.Type.SpecialType != SpecialType.System_UInt64)
        {
            Report(context, DiagnosticDescriptors.PropertyShape, property, name, display, "sets Size = true, which needs the type ulong");
        }

        if (QomSymbolFacts.ClassifyValueType(property.Type, isSize) is not { } kind)
        {
            Report(context, DiagnosticDescriptors.UnsupportedPropertyType, property, name, display, property.Type.ToDisplayString());
            return;
        }

        if (QomSymbolFacts.NamedArgument(attribute, "Default") is not { } value)
        {
            return;
        }

        var problem = !QomTypeRules.IsGeneratedProperty(property)
            ? "is set, but the property has user-written accessors, which the generator does not initialise"
            : QomTypeRules.DefaultProblem(value, kind, property.Type);
        if (problem is not null)
        {
            Report(context, DiagnosticDescriptors.InvalidDefault, property, name, display, problem);
        }
    }

    /// <summary>Why the property cannot carry a QOM property attribute, whatever its kind; null when fine.</summary>
    private static string? ShapeProblem(IPropertySymbol property)
    {
        if (property.IsStatic)
        {
            return "must be an instance property";
        }

        if (property.IsIndexer)
        {
            return "cannot be an indexer";
        }

        if (CountPropertyAttributes(property) > 1)
        {
            return "carries more than one of [QomProperty], [QomLink] and [QomChild]";
        }

        if (QomTypeRules.IsGeneratedProperty(property) && (property.GetMethod is null || property.SetMethod is null || property.SetMethod.IsInitOnly))
        {
            return "is partial, so it needs both a get and a set accessor (not init) for the generator to implement";
        }

        if (!QomTypeRules.IsGeneratedProperty(property) && (property.SetMethod is null || property.SetMethod.IsInitOnly) &&
            QomSymbolFacts.FindAttribute(property, QomSymbolFacts.QomLinkAttribute) is { } link &&
            (QomSymbolFacts.NamedArgument(link, "ReadOnly") is not { Value: true } || QomSymbolFacts.NamedArgument(link, "Strong") is not { Value: false }))
        {
            return "is a link without a set accessor, so it must be ReadOnly = true and Strong = false (nothing could write it or drop a reference)";
        }

        return null;
    }

    private static int CountPropertyAttributes(IPropertySymbol property)
    {
        var count = 0;
        foreach (var attribute in property.GetAttributes())
        {
            count += QomTypeRules.IsPropertyAttribute(attribute) ? 1 : 0;
        }

        return count;
    }

    /// <summary>Property names declared along the QOM ancestry (nearest declaration wins), plus the root's 'type'.</summary>
    private static Dictionary<string, INamedTypeSymbol> InheritedPropertyNames(INamedTypeSymbol type)
    {
        var names = new Dictionary<string, INamedTypeSymbol>();
        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            if (b.ToDisplayString() == QomSymbolFacts.QomObjectType)
            {
                names[QomTypeRules.RootTypePropertyName] = b;
                break;
            }

            foreach (var (name, _, _) in QomTypeRules.DeclaredPropertyNames(b))
            {
                if (!names.ContainsKey(name))
                {
                    names[name] = b;
                }
            }
        }

        return names;
    }

    private static void Report(SymbolAnalysisContext context, DiagnosticDescriptor descriptor, IPropertySymbol property, string name, string display, params object[] rest)
    {
        var args = new object[3 + rest.Length];
        args[0] = property.Name;
        args[1] = name;
        args[2] = display;
        rest.CopyTo(args, 3);
        context.ReportDiagnostic(Diagnostic.Create(descriptor, property.Locations[0], args));
    }
}
