using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace QomSharp.Generators.Parsing;

/// <summary>
/// Property names added by hand: the constant string passed as the name to a <c>QomProperty</c>
/// constructor (including a subclass's <c>base(...)</c> call) or to <c>QomObject.AddChild</c>, and
/// every constant string passed to a method of
/// the same compilation whose signature involves a QOM object, class or property (a helper that
/// adds properties). One rule, used by the generator (which writes an assembly's names into
/// <c>[assembly: QomAddedPropertyNames]</c>) and by the usage analyzer (for the compilation's own
/// names); a name in either is never reported as unknown.
/// </summary>
internal static class AddedPropertyNames
{
    public const string AttributeName = "QomSharp.QomAddedPropertyNamesAttribute";
    private const string QomPropertyType = "QomSharp.QomProperty";

    /// <summary>A cheap syntactic filter: a call with an argument that may be a constant string.</summary>
    public static bool IsCandidate(SyntaxNode node)
    {
        var arguments = node switch
        {
            InvocationExpressionSyntax invocation => invocation.ArgumentList,
            BaseObjectCreationExpressionSyntax creation => creation.ArgumentList,
            ConstructorInitializerSyntax initializer => initializer.ArgumentList,
            PrimaryConstructorBaseTypeSyntax primary => primary.ArgumentList,
            _ => null,
        };
        if (arguments is null)
        {
            return false;
        }

        // A constructor (a property's) may take its name from a constant; a method call is only
        // considered with a string literal, which keeps the semantic work to few calls.
        bool constantsToo = node is not InvocationExpressionSyntax;
        foreach (var argument in arguments.Arguments)
        {
            if (argument.Expression is LiteralExpressionSyntax literal ? literal.IsKind(SyntaxKind.StringLiteralExpression)
                : constantsToo && argument.Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax)
            {
                return true;
            }
        }

        return false;
    }

    // Binding the call is cheaper than building its operation tree; most calls add nothing.
    private static IOperation? NameSourceOperation(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken) =>
        model.GetSymbolInfo(node, cancellationToken).Symbol is IMethodSymbol method && MayAddProperty(method)
            ? model.GetOperation(node, cancellationToken)
            : null;

    /// <summary>
    /// The names an assembly adds outside its [QomType] classes, and every <c>AddChild</c> name
    /// (children go onto other objects): the generator's per-assembly list. Names added inside a
    /// [QomType] class are that class's own (see <see cref="InType"/>).
    /// </summary>
    public static List<string> Global(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        var operation = NameSourceOperation(node, model, cancellationToken);
        return operation is null ? new List<string>()
            : IsAddChild(operation) || !IsInsideQomType(node, model, cancellationToken) ? FromCall(operation) : new List<string>();
    }

    /// <summary>The names code inside a [QomType] class declaration adds, except <c>AddChild</c> names.</summary>
    public static List<string> InType(SyntaxNode declaration, SemanticModel model, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        foreach (var node in declaration.DescendantNodes())
        {
            if (IsCandidate(node) && NameSourceOperation(node, model, cancellationToken) is { } operation)
            {
                if (!IsAddChild(operation))
                {
                    names.AddRange(FromCall(operation));
                }
            }
        }

        return names;
    }

    private static bool IsAddChild(IOperation? operation) =>
        operation is IInvocationOperation { TargetMethod: { Name: "AddChild" } method } &&
        method.ContainingType?.ToDisplayString() == QomSymbolFacts.QomObjectType;

    // The same declarations the generator parses as QOM types: a class declaration carrying [QomType] itself.
    private static bool IsInsideQomType(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        for (var parent = node.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is not ClassDeclarationSyntax { AttributeLists.Count: > 0 } declaration)
            {
                continue;
            }

            foreach (var list in declaration.AttributeLists)
            {
                foreach (var attribute in list.Attributes)
                {
                    if (model.GetSymbolInfo(attribute, cancellationToken).Symbol?.ContainingType?.ToDisplayString() == QomSymbolFacts.QomTypeAttribute)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>The names a call adds (empty when the call adds none): every constant string argument of a name source.</summary>
    public static List<string> FromCall(IOperation? operation)
    {
        var names = new List<string>();
        var (method, arguments) = operation switch
        {
            IInvocationOperation invocation => (invocation.TargetMethod, invocation.Arguments),
            IObjectCreationOperation { Constructor: { } constructor } creation => (constructor, creation.Arguments),
            _ => (null, default),
        };
        if (method is null || !MayAddProperty(method))
        {
            return names;
        }

        // A property constructor and AddChild take the name first (then a type string, a
        // description...); a helper of the compilation may take it anywhere.
        bool firstOnly = method.MethodKind == MethodKind.Constructor || method.Name == "AddChild";
        foreach (var argument in arguments)
        {
            if ((!firstOnly || argument.Parameter?.Ordinal == 0) && ConstantString(argument.Value) is { } name)
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>Whether a string passed to <paramref name="method"/> may become a property's name.</summary>
    public static bool MayAddProperty(IMethodSymbol method)
    {
        if (method.MethodKind == MethodKind.Constructor)
        {
            return DerivesFrom(method.ContainingType, QomPropertyType);
        }

        if (method.Name == "AddChild" && method.ContainingType?.ToDisplayString() == QomSymbolFacts.QomObjectType)
        {
            return true;
        }

        if (method.Locations.Length == 0 || !method.Locations[0].IsInSource)
        {
            return false;
        }

        if ((!method.IsStatic && QomSymbolFacts.IsQomObject(method.ContainingType)) || IsQomApiType(method.ReturnType))
        {
            return true;
        }

        foreach (var parameter in method.Parameters)
        {
            if (IsQomApiType(parameter.Type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The names the generator listed on an assembly or a class, or null when it carries no list
    /// (an assembly built without it, or a class that adds nothing by hand).
    /// </summary>
    public static string[]? Declared(ISymbol symbol)
    {
        if (QomSymbolFacts.FindAttribute(symbol, AttributeName) is not { } attribute)
        {
            return null;
        }

        var names = new List<string>();
        foreach (var argument in attribute.ConstructorArguments)
        {
            if (argument.Kind == TypedConstantKind.Array)
            {
                foreach (var value in argument.Values)
                {
                    if (value.Value is string name)
                    {
                        names.Add(name);
                    }
                }
            }
            else if (argument.Value is string single)
            {
                names.Add(single);
            }
        }

        return names.ToArray();
    }

    /// <summary>The constant string behind implicit conversions (string to ReadOnlySpan&lt;char&gt;).</summary>
    public static string? ConstantString(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation.ConstantValue is { HasValue: true, Value: string literal } ? literal : null;
    }

    private static bool IsQomApiType(ITypeSymbol? type) =>
        QomSymbolFacts.IsQomObject(type) || DerivesFrom(type, QomSymbolFacts.QomClassType) || DerivesFrom(type, QomPropertyType);

    private static bool DerivesFrom(ITypeSymbol? type, string baseName)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.ToDisplayString() == baseName)
            {
                return true;
            }
        }

        return false;
    }
}
