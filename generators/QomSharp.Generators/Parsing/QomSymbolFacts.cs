using System.Text;
using Microsoft.CodeAnalysis;

namespace QomSharp.Generators.Parsing;

/// <summary>
/// Facts about symbols that both the generator and the analyzers need, so that they agree on what
/// a QOM type, its parent, its interfaces and its property kinds are.
/// </summary>
internal static class QomSymbolFacts
{
    public const string QomTypeAttribute = "QomSharp.QomTypeAttribute";
    public const string QomInterfaceAttribute = "QomSharp.QomInterfaceAttribute";
    public const string QomPropertyAttribute = "QomSharp.QomPropertyAttribute";
    public const string QomLinkAttribute = "QomSharp.QomLinkAttribute";
    public const string QomChildAttribute = "QomSharp.QomChildAttribute";
    public const string QomEnumAttribute = "QomSharp.QomEnumAttribute";
    public const string QomEnumValueAttribute = "QomSharp.QomEnumValueAttribute";
    public const string QomClassInitAttribute = "QomSharp.QomClassInitAttribute";
    public const string QomClassBaseInitAttribute = "QomSharp.QomClassBaseInitAttribute";
    public const string QomInstanceInitAttribute = "QomSharp.QomInstanceInitAttribute";
    public const string QomInstancePostInitAttribute = "QomSharp.QomInstancePostInitAttribute";
    public const string QomInstanceFinalizeAttribute = "QomSharp.QomInstanceFinalizeAttribute";
    public const string QomModuleAttribute = "QomSharp.QomModuleAttribute";
    public const string QomExplicitRegistrationAttribute = "QomSharp.QomExplicitRegistrationAttribute";

    /// <summary>The C# root of QOM objects (QOM type <c>object</c>) and of QOM interfaces (<c>interface</c>).</summary>
    public const string QomObjectType = "QomSharp.QomObject";
    public const string QomClassType = "QomSharp.QomClass";
    public const string RootInterfaceType = "QomSharp.IQomInterface";
    public const string RootObjectName = "object";
    public const string RootInterfaceName = "interface";

    public static AttributeData? FindAttribute(ISymbol symbol, string metadataName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == metadataName)
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>The first constructor argument of the attribute as a string (the QOM name).</summary>
    public static string? FirstStringArgument(AttributeData attribute) =>
        attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;

    public static TypedConstant? NamedArgument(AttributeData attribute, string name)
    {
        foreach (var pair in attribute.NamedArguments)
        {
            if (pair.Key == name)
            {
                return pair.Value;
            }
        }

        return null;
    }

    /// <summary>The QOM name of a class marked [QomType] (in source or metadata), else null.</summary>
    public static string? QomTypeName(ITypeSymbol type) =>
        FindAttribute(type, QomTypeAttribute) is { } a ? FirstStringArgument(a) : null;

    /// <summary>The QOM name of an interface marked [QomInterface], else null.</summary>
    public static string? QomInterfaceName(ITypeSymbol type) =>
        FindAttribute(type, QomInterfaceAttribute) is { } a ? FirstStringArgument(a) : null;

    /// <summary>The QOM name of a class or interface, whichever attribute it carries.</summary>
    public static string? QomName(ITypeSymbol type) => QomTypeName(type) ?? QomInterfaceName(type);

    /// <summary>
    /// The nearest base class carrying [QomType]: the QOM parent. Null when there is none (only
    /// valid for the root <c>QomSharp.QomObject</c>).
    /// </summary>
    public static INamedTypeSymbol? QomParent(INamedTypeSymbol type)
    {
        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            if (QomTypeName(b) is not null)
            {
                return b;
            }
        }

        return null;
    }

    /// <summary>Whether the type is, or derives from, the class named <paramref name="baseName"/>.</summary>
    public static bool DerivesFrom(ITypeSymbol? type, string baseName)
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

    /// <summary>Whether the type is, or derives from, <c>QomSharp.QomObject</c>.</summary>
    public static bool IsQomObject(ITypeSymbol? type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.ToDisplayString() == QomObjectType)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The QOM parent of a [QomInterface] interface: its first base interface that is a QOM
    /// interface, else the root <c>interface</c>; null for the root itself.
    /// </summary>
    public static string? QomInterfaceParentName(INamedTypeSymbol iface)
    {
        if (iface.ToDisplayString() == RootInterfaceType)
        {
            return null;
        }

        foreach (var b in iface.Interfaces)
        {
            if (QomInterfaceName(b) is { } name)
            {
                return name;
            }
        }

        return RootInterfaceName;
    }

    /// <summary>The QOM interfaces the class declares itself (not those its base class has), in order.</summary>
    public static System.Collections.Generic.List<INamedTypeSymbol> DeclaredQomInterfaces(INamedTypeSymbol type)
    {
        var inherited = new System.Collections.Generic.HashSet<ISymbol>(SymbolEqualityComparer.Default);
        if (type.BaseType is { } baseType)
        {
            foreach (var i in baseType.AllInterfaces)
            {
                inherited.Add(i);
            }
        }

        var result = new System.Collections.Generic.List<INamedTypeSymbol>();
        foreach (var i in type.AllInterfaces)
        {
            if (!inherited.Contains(i) && QomInterfaceName(i) is not null && i.ToDisplayString() != RootInterfaceType)
            {
                result.Add(i);
            }
        }

        return result;
    }

    /// <summary>
    /// The QOM kind of a C# property type for [QomProperty], or null when unsupported.
    /// <paramref name="isSize"/> selects <c>size</c> for a <c>ulong</c>.
    /// </summary>
    public static QomPropertyKind? ClassifyValueType(ITypeSymbol type, bool isSize)
    {
        if (type.TypeKind == TypeKind.Enum)
        {
            return FindAttribute(type, QomEnumAttribute) is not null ? QomPropertyKind.Enum : null;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean: return QomPropertyKind.Bool;
            case SpecialType.System_String: return QomPropertyKind.String;
            case SpecialType.System_Byte: return QomPropertyKind.UInt8;
            case SpecialType.System_UInt16: return QomPropertyKind.UInt16;
            case SpecialType.System_UInt32: return QomPropertyKind.UInt32;
            case SpecialType.System_UInt64: return isSize ? QomPropertyKind.Size : QomPropertyKind.UInt64;
            case SpecialType.System_SByte: return QomPropertyKind.Int8;
            case SpecialType.System_Int16: return QomPropertyKind.Int16;
            case SpecialType.System_Int32: return QomPropertyKind.Int32;
            case SpecialType.System_Int64: return QomPropertyKind.Int64;
            default: return null;
        }
    }

    /// <summary>The QOM type string of a value kind (enums use their [QomEnum] name instead).</summary>
    public static string TypeString(QomPropertyKind kind) => kind switch
    {
        QomPropertyKind.Bool => "bool",
        QomPropertyKind.String => "str",
        QomPropertyKind.UInt8 => "uint8",
        QomPropertyKind.UInt16 => "uint16",
        QomPropertyKind.UInt32 => "uint32",
        QomPropertyKind.UInt64 => "uint64",
        QomPropertyKind.Int8 => "int8",
        QomPropertyKind.Int16 => "int16",
        QomPropertyKind.Int32 => "int32",
        QomPropertyKind.Int64 => "int64",
        QomPropertyKind.Size => "size",
        _ => kind.ToString(),
    };

    /// <summary>QEMU's <c>type_name_is_valid</c> (see the runtime's QomTypeNames).</summary>
    public static bool IsValidTypeName(string? name)
    {
        if (name is null || name.Length < 2 || !IsAsciiLetterOrDigit(name[0]) || name[0] == '0')
        {
            return false;
        }

        int prefix = 0;
        while (prefix < name.Length && (IsAsciiLetterOrDigit(name[prefix]) || name[prefix] is '-' or '_' or '.'))
        {
            prefix++;
        }

        if (prefix < name.Length && name[prefix] == '+' && prefix >= 17 && name.StartsWith("Sun-UltraSparc-I", System.StringComparison.Ordinal))
        {
            return true;
        }

        return prefix == name.Length;
    }

    /// <summary>QOM property names are path components: non-empty, no <c>/</c>.</summary>
    public static bool IsValidPropertyName(string? name) => !string.IsNullOrEmpty(name) && name!.IndexOf('/') < 0;

    /// <summary><c>PassThrough</c> → <c>pass-through</c> (default QOM names of enum members).</summary>
    public static string KebabCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    sb.Append('-');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c == '_' ? '-' : c);
            }
        }

        return sb.ToString();
    }

    private static bool IsAsciiLetterOrDigit(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/// <summary>The kinds of QOM property the generator can emit.</summary>
internal enum QomPropertyKind
{
    Bool,
    String,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    Int8,
    Int16,
    Int32,
    Int64,
    Size,
    Enum,
    Link,
    Child,
}
