using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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
    private static readonly HashSet<string> TypeNameMethods = new(StringComparer.Ordinal) { "New", "NewWithProperties", "FindClass", "GetClass", "FindType" };
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
        DiagnosticDescriptors.UnrelatedCast,
        DiagnosticDescriptors.NotAQomType);

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

        foreach (var added in AddedPropertyNames.FromCall(invocation))
        {
            state.DynamicPropertyNames.TryAdd(added, 0);
        }

        if (IsSourceMethod(method))
        {
            return;
        }

        var isQom = Is(owner, symbols.Qom);
        var isContext = Is(owner, symbols.QomContext);
        var isObject = Is(owner, symbols.QomObject);

        if ((isQom || isContext) && method.Name == "New" && method.IsGenericMethod)
        {
            var target = method.TypeArguments[0] as INamedTypeSymbol;
            if (target is not null && QomSymbolFacts.QomTypeName(target) is null)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotAQomType, invocation.Syntax.GetLocation(), target.ToDisplayString()));
            }
            else if (target is not null && QomTypeRules.IsQomAbstract(target))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AbstractInstantiation, invocation.Syntax.GetLocation(),
                    target.ToDisplayString(), QomSymbolFacts.QomTypeName(target) ?? target.Name));
            }

            return;
        }

        var isTypeLookup = (isQom || isContext) && TypeNameMethods.Contains(method.Name);
        var isCast = (isObject || Is(owner, symbols.QomClass)) && CastMethods.Contains(method.Name);
        if ((isTypeLookup || isCast) && FirstArgument(invocation) is { } typeName)
        {
            state.TypeNameUses.Add(typeName);
            if (isTypeLookup && method.Name == "NewWithProperties")
            {
                CollectPropertyPairs(invocation, typeName, state);
            }

            if (!state.Index.TryGet(typeName.Name, out var entry))
            {
                return;
            }

            if (isTypeLookup && method.Name is "New" or "NewWithProperties" && entry.IsAbstract)
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

        if (isObject && PropertyNameMethods.Contains(method.Name) && FirstArgument(invocation) is { } propertyName)
        {
            if (ReceiverQomClass(invocation) is { } propertyOwner)
            {
                state.PropertyNameUses.Add(new PropertyUse(propertyOwner, propertyName, exact: false));
            }
            else if (CreatedByName(invocation.Instance) is { } created)
            {
                state.PropertyNameUses.Add(new PropertyUse(created, propertyName, exact: true));
            }
        }
    }

    /// <summary>The literal names of <c>NewWithProperties("type", parent, id, ("name", "value"), ...)</c>: properties of exactly that type.</summary>
    private static void CollectPropertyPairs(IInvocationOperation invocation, NameUse typeName, State state)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal != 3)
            {
                continue;
            }

            foreach (var operation in argument.Value.DescendantsAndSelf())
            {
                if (operation is ITupleOperation { Elements.Length: 2 } pair && LiteralString(pair.Elements[0]) is { } name)
                {
                    state.PropertyNameUses.Add(new PropertyUse(typeName, new NameUse(name, pair.Elements[0].Syntax.GetLocation()), exact: true));
                }
            }
        }
    }

    /// <summary>
    /// <c>New("name")</c> with a literal: the created object's type is exactly the named one (once the
    /// index knows it), so its property names can be checked though the call returns QomObject.
    /// </summary>
    private static NameUse? CreatedByName(IOperation? receiver)
    {
        while (receiver is IConversionOperation { IsImplicit: true } conversion)
        {
            receiver = conversion.Operand;
        }

        if (receiver is not IInvocationOperation { TargetMethod: { Name: "New" or "NewWithProperties", IsGenericMethod: false } method } invocation ||
            method.ContainingType?.ToDisplayString() is not ("QomSharp.Qom" or "QomSharp.QomContext"))
        {
            return null;
        }

        return FirstArgument(invocation);
    }

    /// <summary>Names given to hand-made properties (<c>new QomBoolProperty("name", ...)</c>) and hand-registered types.</summary>
    private static void CollectCreatedName(OperationAnalysisContext context, State state)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        foreach (var added in AddedPropertyNames.FromCall(creation))
        {
            state.DynamicPropertyNames.TryAdd(added, 0);
        }

        if (creation.Constructor is not { } constructor || creation.Arguments.Length == 0 ||
            LiteralString(creation.Arguments[0].Value) is not { } literal)
        {
            return;
        }

        if (Is(constructor.ContainingType, state.Symbols.QomTypeInfo))
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

    private static string? LiteralString(IOperation operation) => AddedPropertyNames.ConstantString(operation);

    private static bool IsSourceMethod(IMethodSymbol method) =>
        method.Locations.Length > 0 && method.Locations[0].IsInSource;

    private static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? expected) =>
        expected is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, expected);

    private sealed class NameUse(string name, Location location)
    {
        public string Name { get; } = name;

        public Location Location { get; } = location;
    }

    /// <summary>
    /// A property name used on a receiver: a static type (<see cref="Exact"/> false: a subclass
    /// object may be behind it) or, for <c>New("type")</c>, the QOM type name of the exact class.
    /// </summary>
    private sealed class PropertyUse
    {
        public PropertyUse(INamedTypeSymbol receiver, NameUse name, bool exact)
        {
            Receiver = receiver;
            Name = name;
            Exact = exact;
        }

        public PropertyUse(NameUse createdType, NameUse name, bool exact)
        {
            CreatedType = createdType;
            Name = name;
            Exact = exact;
        }

        public INamedTypeSymbol? Receiver { get; }

        public NameUse? CreatedType { get; }

        public NameUse Name { get; }

        public bool Exact { get; }
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
                    var nearest = NearestName.Find(use.Name, Index.Names.Concat(DynamicTypeNames.Keys));
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnknownTypeName, use.Location,
                        use.Name, NearestName.Suggestion(nearest)));
                }
            }

            if (PropertyNameUses.IsEmpty)
            {
                return;
            }

            var known = new KnownPropertyNames(Index, DynamicPropertyNames, Symbols.Compilation);
            foreach (var use in PropertyNameUses)
            {
                var receiver = use.Receiver;
                if (use.CreatedType is { } created)
                {
                    // Unknown type names are QOM0202's; interfaces and hand-registered types have no class to judge.
                    if (DynamicTypeNames.ContainsKey(created.Name) || !Index.TryGet(created.Name, out var entry) ||
                        entry.Symbol is not { TypeKind: TypeKind.Class } createdClass)
                    {
                        continue;
                    }

                    receiver = createdClass;
                }

                if (receiver is not null && known.IsUnknown(receiver, use.Name.Name, use.Exact))
                {
                    var nearest = NearestName.Find(use.Name.Name, known.Candidates(receiver));
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnknownPropertyName, use.Name.Location,
                        receiver.ToDisplayString(), QomSymbolFacts.QomTypeName(receiver), use.Name.Name, NearestName.Suggestion(nearest)));
                }
            }
        }
    }
}
