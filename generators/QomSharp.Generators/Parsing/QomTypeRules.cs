using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace QomSharp.Generators.Parsing;

/// <summary>
/// The rules that decide whether a declaration is usable, shared by the analyzers (which report
/// why not) and the generator (which silently skips what is unusable). Pure functions of symbols.
/// </summary>
internal static class QomTypeRules
{
    /// <summary>The class property every object has (registered on the root type <c>object</c>).</summary>
    public const string RootTypePropertyName = "type";

    /// <summary>
    /// The first of the type and its containing types (innermost first) that is declared in source
    /// without <c>partial</c>; null when all are partial (or come from metadata).
    /// </summary>
    public static INamedTypeSymbol? FirstNonPartialType(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (!IsPartial(t, cancellationToken))
            {
                return t;
            }
        }

        return null;
    }

    /// <summary>Every source declaration of the type carries <c>partial</c>.</summary>
    public static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration &&
                !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The type has type parameters or is nested in a generic type.</summary>
    public static bool IsGenericOrInGeneric(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.TypeParameters.Length > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The generated module (a top-level class of the same assembly) can name the type: no level of
    /// nesting is private, protected or private protected.
    /// </summary>
    public static bool IsReachableFromModule(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A parameterless instance constructor the generated module may call (explicit or implicit).</summary>
    public static bool HasAccessibleParameterlessConstructor(INamedTypeSymbol type)
    {
        foreach (var constructor in type.InstanceConstructors)
        {
            if (constructor.Parameters.Length == 0 &&
                constructor.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The value of <c>Abstract = ...</c> on [QomType] (false when not written).</summary>
    public static bool AbstractFlag(AttributeData qomType) =>
        QomSymbolFacts.NamedArgument(qomType, "Abstract") is { Value: true };

    /// <summary>Whether <c>Abstract</c> is written at all (explicitly true or false).</summary>
    public static bool HasExplicitAbstractFlag(AttributeData qomType) =>
        QomSymbolFacts.NamedArgument(qomType, "Abstract") is not null;

    /// <summary>A QOM type that cannot be instantiated: flagged Abstract or a C# abstract class.</summary>
    public static bool IsQomAbstract(INamedTypeSymbol type) =>
        type.IsAbstract || (QomSymbolFacts.FindAttribute(type, QomSymbolFacts.QomTypeAttribute) is { } a && AbstractFlag(a));

    /// <summary>
    /// Whether the generator can emit code for a [QomType] class: partial all the way out, not
    /// generic, a QOM parent, a valid name and reachable by the module. (Abstract mismatches and
    /// property errors do not stop generation.)
    /// </summary>
    public static bool IsUsableQomType(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.TypeKind == TypeKind.Class &&
        QomSymbolFacts.IsValidTypeName(QomSymbolFacts.QomTypeName(type)) &&
        HasQomBase(type) &&
        !IsGenericOrInGeneric(type) &&
        IsReachableFromModule(type) &&
        FirstNonPartialType(type, cancellationToken) is null;

    /// <summary>
    /// The base class is QomSharp.QomObject or (transitively) a [QomType] class; QomSharp.QomObject
    /// itself is the root and needs none.
    /// </summary>
    public static bool HasQomBase(INamedTypeSymbol type) =>
        type.ToDisplayString() == QomSymbolFacts.QomObjectType ||
        (type.BaseType is { } b && (QomSymbolFacts.QomTypeName(b) is not null || QomSymbolFacts.IsQomObject(b)));

    /// <summary>The declared class-struct type of a QOM class, inherited from the nearest ancestor naming one; QomClass by default.</summary>
    public static ITypeSymbol? ClassStructType(INamedTypeSymbol type, Compilation compilation)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = QomSymbolFacts.QomParent(t))
        {
            if (QomSymbolFacts.FindAttribute(t, QomSymbolFacts.QomTypeAttribute) is { } a &&
                QomSymbolFacts.NamedArgument(a, "ClassType") is { Value: ITypeSymbol classType })
            {
                return classType;
            }
        }

        return compilation.GetTypeByMetadataName(QomSymbolFacts.QomClassType);
    }

    /// <summary>
    /// The class-struct type a [QomType] class or [QomInterface] interface names with
    /// <c>ClassType</c>, or null when it names none.
    /// </summary>
    public static ITypeSymbol? DeclaredClassType(INamedTypeSymbol type) =>
        (QomSymbolFacts.FindAttribute(type, QomSymbolFacts.QomTypeAttribute) ?? QomSymbolFacts.FindAttribute(type, QomSymbolFacts.QomInterfaceAttribute)) is { } a &&
        QomSymbolFacts.NamedArgument(a, "ClassType") is { Value: ITypeSymbol classType }
            ? classType
            : null;

    /// <summary>
    /// The class struct a type or interface would inherit: the nearest QOM ancestor's (for an
    /// interface, the nearest QOM base interface's) declared one; null when none declares one.
    /// </summary>
    public static ITypeSymbol? InheritedClassType(INamedTypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Interface)
        {
            foreach (var b in type.AllInterfaces)
            {
                if (QomSymbolFacts.QomInterfaceName(b) is not null && DeclaredClassType(b) is { } fromInterface)
                {
                    return fromInterface;
                }
            }

            return null;
        }

        for (var t = QomSymbolFacts.QomParent(type); t is not null; t = QomSymbolFacts.QomParent(t))
        {
            if (DeclaredClassType(t) is { } fromClass)
            {
                return fromClass;
            }
        }

        return null;
    }

    /// <summary>
    /// Why a type named by <c>ClassType</c> cannot be the class struct (the runtime creates it with
    /// <c>new</c> and the subtypes' structs copy it), or null when it can. One rule for the
    /// generator (which then emits no class factory) and the analyzers (which report it).
    /// </summary>
    public static string? ClassTypeProblem(ITypeSymbol classType, ITypeSymbol? inherited)
    {
        if (!QomSymbolFacts.DerivesFrom(classType, QomSymbolFacts.QomClassType))
        {
            return "does not derive from QomSharp.QomClass";
        }

        if (classType is not INamedTypeSymbol named || named.IsAbstract || named.IsGenericType)
        {
            return "is abstract or generic";
        }

        bool hasConstructor = false;
        foreach (var constructor in named.InstanceConstructors)
        {
            hasConstructor |= constructor.Parameters.Length == 0 && constructor.DeclaredAccessibility == Accessibility.Public;
        }

        if (!hasConstructor)
        {
            return "has no public parameterless constructor";
        }

        return inherited is not null && !IsSameOrDerived(classType, inherited)
            ? $"does not derive from the inherited class struct '{inherited.ToDisplayString()}'"
            : null;
    }

    /// <summary>Whether <paramref name="type"/> is <paramref name="ancestor"/> or derives from it.</summary>
    public static bool IsSameOrDerived(ITypeSymbol? type, ITypeSymbol ancestor)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, ancestor))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A type a <c>link&lt;T&gt;</c> may point to: a QOM class (QomObject or below) or a QOM interface.</summary>
    public static bool IsLinkTarget(ITypeSymbol type)
    {
        type = WithoutNullableAnnotation(type);
        return type.TypeKind == TypeKind.Interface
            ? QomSymbolFacts.QomInterfaceName(type) is not null || type.ToDisplayString() == QomSymbolFacts.RootInterfaceType
            : type.TypeKind == TypeKind.Class && QomSymbolFacts.IsQomObject(type);
    }

    /// <summary>A type a <c>child&lt;T&gt;</c> may hold: a QOM class (QomObject or below).</summary>
    public static bool IsChildTarget(ITypeSymbol type)
    {
        type = WithoutNullableAnnotation(type);
        return type.TypeKind == TypeKind.Class && QomSymbolFacts.IsQomObject(type);
    }

    /// <summary>
    /// <c>QomObject?</c> displays with its '?', and QomSymbolFacts compares display strings: strip the
    /// annotation before asking it about a property's type.
    /// </summary>
    public static ITypeSymbol WithoutNullableAnnotation(ITypeSymbol type) =>
        type.NullableAnnotation == NullableAnnotation.Annotated && type.IsReferenceType
            ? type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)
            : type;

    /// <summary>
    /// Properties whose accessors the generator writes: the defining part of a partial property.
    /// Any other property keeps the user's accessors.
    /// </summary>
    public static bool IsGeneratedProperty(IPropertySymbol property) =>
        property.IsPartialDefinition || property.PartialDefinitionPart is not null;

    /// <summary>The hook attributes, by kind.</summary>
    public static QomHookKind? HookKind(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            switch (attribute.AttributeClass?.ToDisplayString())
            {
                case QomSymbolFacts.QomClassInitAttribute: return QomHookKind.ClassInit;
                case QomSymbolFacts.QomClassBaseInitAttribute: return QomHookKind.ClassBaseInit;
                case QomSymbolFacts.QomInstanceInitAttribute: return QomHookKind.InstanceInit;
                case QomSymbolFacts.QomInstancePostInitAttribute: return QomHookKind.InstancePostInit;
                case QomSymbolFacts.QomInstanceFinalizeAttribute: return QomHookKind.InstanceFinalize;
            }
        }

        return null;
    }

    /// <summary>
    /// The method of <paramref name="owner"/> marked as the hook of <paramref name="kind"/> whose
    /// shape is right (the first, if several are marked): the one the generator bridges.
    /// </summary>
    public static IMethodSymbol? FindHook(INamedTypeSymbol owner, QomHookKind kind, Compilation compilation)
    {
        foreach (var member in owner.GetMembers())
        {
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && HookKind(method) == kind &&
                HookShapeProblem(method, kind, owner, compilation) is null)
            {
                return method;
            }
        }

        return null;
    }

    /// <summary>Why a hook method cannot be bridged by the generated code, or null when its shape is right.</summary>
    public static string? HookShapeProblem(IMethodSymbol method, QomHookKind kind, INamedTypeSymbol owner, Compilation compilation)
    {
        if (method.TypeParameters.Length > 0)
        {
            return "must not be generic";
        }

        // The runtime calls each type's hook once along the chain: a virtual hook would dispatch
        // to the most derived override every time. Class methods (unparent, realize) are the
        // virtual ones, overridden and chained with base.
        if (method.IsVirtual || method.IsAbstract || method.IsOverride)
        {
            return "must not be virtual, abstract or an override: each type's hook runs once along the chain";
        }

        if (!method.ReturnsVoid)
        {
            return "must return void";
        }

        if (kind is QomHookKind.ClassInit or QomHookKind.ClassBaseInit)
        {
            var qomClass = compilation.GetTypeByMetadataName(QomSymbolFacts.QomClassType);
            if (!method.IsStatic)
            {
                return "must be static";
            }

            if (method.Parameters.Length != 1 || method.Parameters[0].RefKind != RefKind.None ||
                qomClass is null || !IsSameOrDerived(method.Parameters[0].Type, qomClass))
            {
                return "must take exactly one parameter of a QomClass type";
            }

            if (kind == QomHookKind.ClassInit && ClassStructType(owner, compilation) is { } classStruct &&
                !IsSameOrDerived(classStruct, method.Parameters[0].Type))
            {
                return $"must take the type's class struct '{classStruct.ToDisplayString()}' or one of its base classes";
            }

            return null;
        }

        if (method.IsStatic)
        {
            return "must be an instance method";
        }

        return method.Parameters.Length == 0 ? null : "must have no parameters";
    }

    /// <summary>
    /// Why a [QomProperty] Default cannot be the initial value of a property of this kind, or null when
    /// it fits (exact type for bool/string/enum; any integer constant in range for integer kinds).
    /// </summary>
    public static string? DefaultProblem(TypedConstant value, QomPropertyKind kind, ITypeSymbol propertyType)
    {
        if (value.Kind == TypedConstantKind.Array || value.Kind == TypedConstantKind.Type || value.Kind == TypedConstantKind.Error)
        {
            return "must be a constant of the property type";
        }

        if (value.IsNull)
        {
            return kind == QomPropertyKind.String ? null : "cannot be null for a property of this type";
        }

        switch (kind)
        {
            case QomPropertyKind.Bool:
                return value.Value is bool ? null : "must be true or false";
            case QomPropertyKind.String:
                return value.Value is string ? null : "must be a string";
            case QomPropertyKind.Enum:
                return value.Kind == TypedConstantKind.Enum && SymbolEqualityComparer.Default.Equals(value.Type, propertyType)
                    ? null
                    : $"must be a member of '{propertyType.ToDisplayString()}'";
            default:
                if (value.Kind == TypedConstantKind.Enum || !TryGetInteger(value.Value, out var number))
                {
                    return "must be an integer constant";
                }

                var (min, max) = Range(kind);
                return number >= min && number <= max ? null : $"{number} is out of range for '{propertyType.ToDisplayString()}'";
        }
    }

    private static bool TryGetInteger(object? value, out decimal number)
    {
        switch (value)
        {
            case sbyte or byte or short or ushort or int or uint or long or ulong:
                number = Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture);
                return true;
            default:
                number = 0;
                return false;
        }
    }

    private static (decimal Min, decimal Max) Range(QomPropertyKind kind) => kind switch
    {
        QomPropertyKind.UInt8 => (byte.MinValue, byte.MaxValue),
        QomPropertyKind.UInt16 => (ushort.MinValue, ushort.MaxValue),
        QomPropertyKind.UInt32 => (uint.MinValue, uint.MaxValue),
        QomPropertyKind.UInt64 or QomPropertyKind.Size => (ulong.MinValue, ulong.MaxValue),
        QomPropertyKind.Int8 => (sbyte.MinValue, sbyte.MaxValue),
        QomPropertyKind.Int16 => (short.MinValue, short.MaxValue),
        QomPropertyKind.Int32 => (int.MinValue, int.MaxValue),
        _ => (long.MinValue, long.MaxValue),
    };

    /// <summary>
    /// The QOM property names a class declares itself through [QomProperty], [QomLink] and [QomChild],
    /// with the declaring C# property.
    /// </summary>
    public static IEnumerable<(string Name, IPropertySymbol Property, AttributeData Attribute)> DeclaredPropertyNames(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is not IPropertySymbol property)
            {
                continue;
            }

            foreach (var attribute in property.GetAttributes())
            {
                if (IsPropertyAttribute(attribute) && QomSymbolFacts.FirstStringArgument(attribute) is { } name)
                {
                    yield return (name, property, attribute);
                }
            }
        }
    }

    /// <summary>[QomProperty], [QomLink] or [QomChild].</summary>
    public static bool IsPropertyAttribute(AttributeData attribute) =>
        attribute.AttributeClass?.ToDisplayString() is QomSymbolFacts.QomPropertyAttribute or QomSymbolFacts.QomLinkAttribute or QomSymbolFacts.QomChildAttribute;
}
