using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QomSharp.Generators.Diagnostics;
using QomSharp.Generators.Parsing;

namespace QomSharp.Generators.Analyzers;

/// <summary>
/// Checks calls into the QOM API with literal names: creating abstract types (QOM0201), unknown
/// type names (QOM0202), unknown property names (QOM0203) and casts that cannot succeed (QOM0204).
/// QOM0202/QOM0203 wait for compilation end, because names registered or added by hand anywhere in
/// the compilation must be seen first (to keep false positives near zero).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class QomUsageAnalyzer : DiagnosticAnalyzer
{
    private static readonly HashSet<string> TypeNameMethods = new(StringComparer.Ordinal) { "New", "FindClass", "GetClass", "FindType" };
    private static readonly HashSet<string> CastMethods = new(StringComparer.Ordinal) { "DynamicCast", "IsA", "CastChecked" };
    private static readonly HashSet<string> PropertyNameMethods = new(StringComparer.Ordinal)
    {
        "FindProperty", "GetPropertyOrThrow", "GetPropertyValue", "SetPropertyValue", "ParseProperty", "SetPropertyJson",
        "SetPropertyBool", "SetPropertyInt", "SetPropertyUInt", "SetPropertyString", "SetPropertyLink",
        "GetPropertyBool", "GetPropertyInt", "GetPropertyUInt", "GetPropertyString", "GetPropertyLink",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.AbstractInstantiation,
        DiagnosticDescriptors.UnknownTypeName,
        DiagnosticDescriptors.UnknownPropertyName,
        DiagnosticDescriptors.UnrelatedCast);

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

            var state = new State(symbols);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, state), OperationKind.Invocation);
            start.RegisterOperationAction(c => CollectCreatedName(c, state), OperationKind.ObjectCreation);
            start.RegisterCompilationEndAction(state.ReportDeferred);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, State state)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var owner = method.ContainingType;
        var symbols = state.Symbols;

        if (IsSourceMethod(method))
        {
            // Helpers written in this compilation may add properties under names passed to them.
            foreach (var argument in invocation.Arguments)
            {
                if (LiteralString(argument.Value) is { } literal)
                {
                    state.DynamicPropertyNames.TryAdd(literal, 0);
                }
            }

            return;
        }

        var isQom = Is(owner, symbols.Qom);
        var isContext = Is(owner, symbols.QomContext);
        var isObject = Is(owner, symbols.QomObject);

        if ((isQom || isContext) && method.Name == "New" && method.IsGenericMethod)
        {
            var target = method.TypeArguments[0] as INamedTypeSymbol;
            if (target is not null && QomTypeRules.IsQomAbstract(target))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AbstractInstantiation, invocation.Syntax.GetLocation(),
                    target.ToDisplayString(), QomSymbolFacts.QomTypeName(target) ?? target.Name));
            }

            return;
        }

        if (isObject && method.Name == "AddChild" && FirstArgument(invocation) is { } childName)
        {
            state.DynamicPropertyNames.TryAdd(childName.Name, 0);
            return;
        }

        var isTypeLookup = (isQom || isContext) && TypeNameMethods.Contains(method.Name);
        var isCast = (isObject || Is(owner, symbols.QomClass)) && CastMethods.Contains(method.Name);
        if ((isTypeLookup || isCast) && FirstArgument(invocation) is { } typeName)
        {
            state.TypeNameUses.Add(typeName);
            if (!state.Index.TryGet(typeName.Name, out var entry))
            {
                return;
            }

            if (isTypeLookup && method.Name == "New" && entry.IsAbstract)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AbstractInstantiation, typeName.Location,
                    entry.Symbol?.ToDisplayString() ?? entry.Name, entry.Name));
            }

            if (isCast && isObject && ReceiverQomClass(invocation) is { } receiver && entry.Symbol is { TypeKind: TypeKind.Class } named &&
                !QomTypeRules.IsSameOrDerived(receiver, named) && !QomTypeRules.IsSameOrDerived(named, receiver))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnrelatedCast, typeName.Location,
                    receiver.ToDisplayString(), QomSymbolFacts.QomTypeName(receiver), entry.Name));
            }

            return;
        }

        if (isObject && PropertyNameMethods.Contains(method.Name) && FirstArgument(invocation) is { } propertyName &&
            ReceiverQomClass(invocation) is { } propertyOwner)
        {
            state.PropertyNameUses.Add(new PropertyUse(propertyOwner, propertyName));
        }
    }

    /// <summary>Names given to hand-made properties (<c>new QomBoolProperty("name", ...)</c>) and hand-registered types.</summary>
    private static void CollectCreatedName(OperationAnalysisContext context, State state)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Constructor is not { } constructor || creation.Arguments.Length == 0 ||
            LiteralString(creation.Arguments[0].Value) is not { } literal)
        {
            return;
        }

        if (state.Symbols.QomProperty is { } property && QomTypeRules.IsSameOrDerived(constructor.ContainingType, property))
        {
            state.DynamicPropertyNames.TryAdd(literal, 0);
        }
        else if (Is(constructor.ContainingType, state.Symbols.QomTypeInfo))
        {
            state.DynamicTypeNames.TryAdd(literal, 0);
        }
    }

    /// <summary>The receiver's static type when it is a [QomType] class (not QomObject itself: that could be anything).</summary>
    private static INamedTypeSymbol? ReceiverQomClass(IInvocationOperation invocation)
    {
        var receiver = invocation.Instance;
        while (receiver is IConversionOperation { IsImplicit: true } conversion)
        {
            receiver = conversion.Operand;
        }

        return receiver?.Type is INamedTypeSymbol { TypeKind: TypeKind.Class } type &&
            QomSymbolFacts.QomTypeName(type) is not null &&
            type.ToDisplayString() != QomSymbolFacts.QomObjectType
            ? type
            : null;
    }

    private static NameUse? FirstArgument(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0)
            {
                return LiteralString(argument.Value) is { } literal ? new NameUse(literal, argument.Value.Syntax.GetLocation()) : null;
            }
        }

        return null;
    }

    /// <summary>The constant string behind implicit conversions (string to ReadOnlySpan&lt;char&gt;).</summary>
    private static string? LiteralString(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation.ConstantValue is { HasValue: true, Value: string literal } ? literal : null;
    }

    private static bool IsSourceMethod(IMethodSymbol method) =>
        method.Locations.Length > 0 && method.Locations[0].IsInSource;

    private static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? expected) =>
        expected is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, expected);

    private sealed class NameUse(string name, Location location)
    {
        public string Name { get; } = name;

        public Location Location { get; } = location;
    }

    private sealed class PropertyUse(INamedTypeSymbol receiver, NameUse name)
    {
        public INamedTypeSymbol Receiver { get; } = receiver;

        public NameUse Name { get; } = name;
    }

    /// <summary>Per-compilation state: the type index and what the deferred checks collect.</summary>
    private sealed class State(QomAnalyzerSymbols symbols)
    {
        private readonly Lazy<QomTypeIndex> index = new(() => new QomTypeIndex(symbols.Compilation), LazyThreadSafetyMode.ExecutionAndPublication);

        public QomAnalyzerSymbols Symbols { get; } = symbols;

        public QomTypeIndex Index => index.Value;

        public ConcurrentBag<NameUse> TypeNameUses { get; } = new();

        public ConcurrentBag<PropertyUse> PropertyNameUses { get; } = new();

        public ConcurrentDictionary<string, byte> DynamicPropertyNames { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, byte> DynamicTypeNames { get; } = new(StringComparer.Ordinal);

        public void ReportDeferred(CompilationAnalysisContext context)
        {
            foreach (var use in TypeNameUses)
            {
                if (!Index.TryGet(use.Name, out _) && !DynamicTypeNames.ContainsKey(use.Name))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnknownTypeName, use.Location, use.Name));
                }
            }

            if (PropertyNameUses.IsEmpty)
            {
                return;
            }

            var known = new KnownPropertyNames(Index, DynamicPropertyNames);
            foreach (var use in PropertyNameUses)
            {
                if (known.IsUnknown(use.Receiver, use.Name.Name))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnknownPropertyName, use.Name.Location,
                        use.Receiver.ToDisplayString(), QomSymbolFacts.QomTypeName(use.Receiver), use.Name.Name));
                }
            }
        }
    }
}
