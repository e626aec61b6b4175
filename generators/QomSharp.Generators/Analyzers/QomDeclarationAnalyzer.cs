using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using QomSharp.Generators.Diagnostics;
using QomSharp.Generators.Parsing;

namespace QomSharp.Generators.Analyzers;

/// <summary>
/// Checks [QomType] classes and QOM interfaces one symbol at a time: partial, parent, name,
/// abstract flag, genericity, reachability, constructor and hook shapes (QOM0001-QOM0003, QOM0005-QOM0009).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class QomDeclarationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.NotPartial,
        DiagnosticDescriptors.UnknownParent,
        DiagnosticDescriptors.InvalidTypeName,
        DiagnosticDescriptors.AbstractMismatch,
        DiagnosticDescriptors.GenericType,
        DiagnosticDescriptors.InterfaceDeclaration,
        DiagnosticDescriptors.NotInstantiable,
        DiagnosticDescriptors.HookShape);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (QomAnalyzerSymbols.Create(start.Compilation) is not { } symbols)
            {
                return;
            }

            start.RegisterSymbolAction(c => AnalyzeType(c, symbols), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, QomAnalyzerSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind == TypeKind.Interface)
        {
            AnalyzeInterface(context, type);
            return;
        }

        if (QomSymbolFacts.FindAttribute(type, QomSymbolFacts.QomTypeAttribute) is not { } attribute)
        {
            ReportStrayHooks(context, type);
            return;
        }

        var ct = context.CancellationToken;
        var display = type.ToDisplayString();
        var qomName = QomSymbolFacts.FirstStringArgument(attribute) ?? "";
        var location = type.Locations[0];

        if (QomTypeRules.FirstNonPartialType(type, ct) is { } notPartial)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotPartial, location, display, qomName, notPartial.ToDisplayString()));
        }

        if (!QomTypeRules.HasQomBase(type))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnknownParent, location, display, qomName,
                type.BaseType?.ToDisplayString() ?? "object"));
        }

        if (!QomSymbolFacts.IsValidTypeName(qomName))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidTypeName,
                AttributeLocations.NameArgument(attribute, type, ct), display, qomName));
        }

        // An absent flag on an abstract class is fine (the type is abstract); only a written contradiction warns.
        if (QomTypeRules.AbstractFlag(attribute) && !type.IsAbstract)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AbstractMismatch, location, display, qomName,
                "is declared Abstract = true but its C# class is not abstract"));
        }
        else if (type.IsAbstract && QomTypeRules.HasExplicitAbstractFlag(attribute) && !QomTypeRules.AbstractFlag(attribute))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AbstractMismatch, location, display, qomName,
                "is declared Abstract = false but its C# class is abstract"));
        }

        if (QomTypeRules.IsGenericOrInGeneric(type))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GenericType, location, display, qomName));
        }

        if (!QomTypeRules.IsReachableFromModule(type))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotInstantiable, location, display, qomName,
                "is nested as private or protected, so the generated module cannot refer to it"));
        }
        else if (!QomTypeRules.IsQomAbstract(type) && !QomTypeRules.HasAccessibleParameterlessConstructor(type))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotInstantiable, location, display, qomName,
                "is concrete but has no public or internal parameterless constructor for the generated factory"));
        }

        if (QomTypeRules.DeclaredClassType(type) is { } classType &&
            QomTypeRules.ClassTypeProblem(classType, QomTypeRules.InheritedClassType(type)) is { } classTypeProblem)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotInstantiable, location, display, qomName,
                $"names the class struct '{classType.ToDisplayString()}', which {classTypeProblem}"));
        }

        AnalyzeHooks(context, symbols, type, display, qomName);
    }

    // Hooks are declared only by attributes on a [QomType] class's own methods; elsewhere nothing calls them.
    private static void ReportStrayHooks(SymbolAnalysisContext context, INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol method && QomTypeRules.HookKind(method) is { } && method.Locations.Length > 0)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.HookShape, method.Locations[0], method.Name,
                    type.ToDisplayString(), "-", "is declared in a type that is not a [QomType]; nothing would call it"));
            }
        }
    }

    private static void AnalyzeHooks(SymbolAnalysisContext context, QomAnalyzerSymbols symbols, INamedTypeSymbol type, string display, string qomName)
    {
        var seen = new HashSet<QomHookKind>();
        foreach (var member in type.GetMembers())
        {
            if (member is not IMethodSymbol method || QomTypeRules.HookKind(method) is not { } kind)
            {
                continue;
            }

            var problem = QomTypeRules.HookShapeProblem(method, kind, type, symbols.Compilation)
                ?? (seen.Add(kind) ? null : $"is a second {kind} hook; a type has at most one of each kind");
            if (problem is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.HookShape, method.Locations[0], method.Name, display, qomName, problem));
            }
        }
    }

    private static void AnalyzeInterface(SymbolAnalysisContext context, INamedTypeSymbol type)
    {
        if (QomSymbolFacts.FindAttribute(type, QomSymbolFacts.QomInterfaceAttribute) is { } attribute)
        {
            var name = QomSymbolFacts.FirstStringArgument(attribute);
            if (!QomSymbolFacts.IsValidTypeName(name))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InterfaceDeclaration,
                    AttributeLocations.NameArgument(attribute, type, context.CancellationToken), type.ToDisplayString(),
                    $"has the invalid QOM type name '{name}'"));
            }

            if (QomTypeRules.DeclaredClassType(type) is { } interfaceClass &&
                QomTypeRules.ClassTypeProblem(interfaceClass, QomTypeRules.InheritedClassType(type)) is { } interfaceClassProblem)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InterfaceDeclaration, type.Locations[0], type.ToDisplayString(),
                    $"names the class struct '{interfaceClass.ToDisplayString()}', which {interfaceClassProblem}"));
            }

            return;
        }

        foreach (var baseInterface in type.AllInterfaces)
        {
            if (QomSymbolFacts.QomInterfaceName(baseInterface) is { } baseName)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InterfaceDeclaration, type.Locations[0], type.ToDisplayString(),
                    $"extends the QOM interface '{baseInterface.ToDisplayString()}' ('{baseName}') but is not marked [QomInterface]"));
                return;
            }
        }
    }
}
