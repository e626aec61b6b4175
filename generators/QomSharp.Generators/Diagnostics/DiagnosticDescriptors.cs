using Microsoft.CodeAnalysis;

namespace QomSharp.Generators.Diagnostics;

/// <summary>
/// Every diagnostic QomSharp reports. Ids are stable and never reused (0001-0099 type declarations,
/// 0100-0199 properties, 0200-0299 usage sites); each has a page under docs/diagnostics and a row in
/// AnalyzerReleases.Unshipped.md. Only analyzers report them; the generator stays silent.
/// </summary>
internal static class DiagnosticDescriptors
{
    public const string DesignCategory = "QomSharp.Design";
    public const string UsageCategory = "QomSharp.Usage";

    public const string NotPartialId = "QOM0001";
    public const string UnknownParentId = "QOM0002";
    public const string InvalidTypeNameId = "QOM0003";
    public const string DuplicateTypeNameId = "QOM0004";
    public const string AbstractMismatchId = "QOM0005";
    public const string GenericTypeId = "QOM0006";
    public const string InterfaceDeclarationId = "QOM0007";
    public const string NotInstantiableId = "QOM0008";
    public const string HookShapeId = "QOM0009";
    public const string UnsupportedPropertyTypeId = "QOM0101";
    public const string DuplicatePropertyNameId = "QOM0102";
    public const string InvalidPropertyNameId = "QOM0103";
    public const string InvalidDefaultId = "QOM0104";
    public const string InvalidLinkTargetId = "QOM0105";
    public const string PropertyShapeId = "QOM0106";
    public const string AbstractInstantiationId = "QOM0201";
    public const string UnknownTypeNameId = "QOM0202";
    public const string UnknownPropertyNameId = "QOM0203";
    public const string UnrelatedCastId = "QOM0204";
    public const string NotAQomTypeId = "QOM0205";

    // The repository's address comes from the build (RepositoryUrl in Directory.Build.props).
    private const string HelpBase = BuildInfo.RepositoryUrl + "/blob/" + BuildInfo.RepositoryBranch + "/docs/diagnostics/";

    /// <summary>Tag for rules that need the whole compilation: reported by a build, not live in the IDE.</summary>
    private static readonly string[] CompilationEndTags = [WellKnownDiagnosticTags.CompilationEnd];

    public static readonly DiagnosticDescriptor NotPartial = Create(
        NotPartialId, "QOM type must be partial",
        "The QOM type '{0}' ('{1}') must be partial, and so must its containing types: '{2}' is not declared partial",
        DesignCategory, DiagnosticSeverity.Error,
        "The generator completes a [QomType] class in a second partial declaration; without 'partial' it emits nothing for the type.");

    public static readonly DiagnosticDescriptor UnknownParent = Create(
        UnknownParentId, "QOM type has no QOM parent",
        "The QOM type '{0}' ('{1}') must derive from QomSharp.QomObject or a [QomType] class, but its base class '{2}' is neither",
        DesignCategory, DiagnosticSeverity.Error,
        "The QOM parent of a type is its C# base class; a class outside the QomObject hierarchy has no QOM parent.");

    public static readonly DiagnosticDescriptor InvalidTypeName = Create(
        InvalidTypeNameId, "Invalid QOM type name",
        "'{0}' has the invalid QOM type name '{1}': a name has at least two characters from [A-Za-z0-9-_.] and starts with a letter or a digit other than '0'",
        DesignCategory, DiagnosticSeverity.Error,
        "QEMU's type_name_is_valid rejects the name; registering it aborts ('Registering ... with illegal type name').");

    public static readonly DiagnosticDescriptor DuplicateTypeName = Create(
        DuplicateTypeNameId, "Duplicate QOM type name",
        "'{0}' registers the QOM type name '{1}', which '{2}' already registers",
        DesignCategory, DiagnosticSeverity.Error,
        "QOM type names are global; the second registration of a name aborts ('Registering `name' which already exists').",
        CompilationEndTags);

    public static readonly DiagnosticDescriptor AbstractMismatch = Create(
        AbstractMismatchId, "Abstract flag contradicts the C# class",
        "The QOM type '{0}' ('{1}') {2}",
        DesignCategory, DiagnosticSeverity.Warning,
        "An abstract QOM type is never instantiated and its C# class must be abstract; a concrete QOM type needs a concrete class.");

    public static readonly DiagnosticDescriptor GenericType = Create(
        GenericTypeId, "Generic QOM type",
        "The QOM type '{0}' ('{1}') is generic or nested in a generic type; QOM types cannot be generic",
        DesignCategory, DiagnosticSeverity.Error,
        "A QOM name denotes exactly one type; an open generic class has no single runtime type to register.");

    public static readonly DiagnosticDescriptor InterfaceDeclaration = Create(
        InterfaceDeclarationId, "Invalid QOM interface declaration",
        "The interface '{0}' {1}",
        DesignCategory, DiagnosticSeverity.Warning,
        "A C# interface that extends a QOM interface is only a QOM interface when marked [QomInterface] with a valid type name.");

    public static readonly DiagnosticDescriptor NotInstantiable = Create(
        NotInstantiableId, "QOM type cannot be registered or created",
        "The QOM type '{0}' ('{1}') {2}",
        DesignCategory, DiagnosticSeverity.Error,
        "The generated module creates concrete instances with 'new T()' and refers to every type from outside it.");

    public static readonly DiagnosticDescriptor HookShape = Create(
        HookShapeId, "QOM hook method has the wrong shape",
        "The hook method '{0}' of '{1}' ('{2}') {3}",
        DesignCategory, DiagnosticSeverity.Error,
        "Class hooks are 'static void M(TClass klass)'; instance hooks are non-static, parameterless and return void.");

    public static readonly DiagnosticDescriptor UnsupportedPropertyType = Create(
        UnsupportedPropertyTypeId, "Unsupported QOM property type",
        "The property '{0}' ('{1}') of '{2}' has the unsupported type '{3}': use bool, string, an integer type or an enum marked [QomEnum]",
        DesignCategory, DiagnosticSeverity.Error,
        "The generator has typed descriptors only for bool, string, the eight integer types and [QomEnum] enums.");

    public static readonly DiagnosticDescriptor DuplicatePropertyName = Create(
        DuplicatePropertyNameId, "Duplicate QOM property name",
        "The property '{0}' of '{1}' uses the QOM name '{2}', which '{3}' already declares",
        DesignCategory, DiagnosticSeverity.Error,
        "Property names are unique along a QOM type's ancestry; adding a duplicate class property is an assertion failure in QEMU.");

    public static readonly DiagnosticDescriptor InvalidPropertyName = Create(
        InvalidPropertyNameId, "Invalid QOM property name",
        "The property '{0}' of '{1}' has the invalid QOM name '{2}': names are path components, non-empty and without '/'",
        DesignCategory, DiagnosticSeverity.Error,
        "A property name containing '/' (or an empty one) cannot be reached by path resolution.");

    public static readonly DiagnosticDescriptor InvalidDefault = Create(
        InvalidDefaultId, "Invalid QOM property default",
        "The default of property '{0}' ('{1}') of '{2}' {3}",
        DesignCategory, DiagnosticSeverity.Error,
        "A default must be a constant convertible to the property type, and only generated (partial) properties apply defaults.");

    public static readonly DiagnosticDescriptor InvalidLinkTarget = Create(
        InvalidLinkTargetId, "Invalid link or child target type",
        "The property '{0}' ('{1}') of '{2}' has type '{3}', which is not {4}",
        DesignCategory, DiagnosticSeverity.Error,
        "link<T> targets are QOM classes or QOM interfaces; child<T> targets are QOM classes.");

    public static readonly DiagnosticDescriptor PropertyShape = Create(
        PropertyShapeId, "QOM property has the wrong shape",
        "The property '{0}' ('{1}') of '{2}' {3}",
        DesignCategory, DiagnosticSeverity.Error,
        "Partial properties get generated accessors and need both get and set; other properties provide their own accessors.");

    public static readonly DiagnosticDescriptor AbstractInstantiation = Create(
        AbstractInstantiationId, "Creating an abstract QOM type",
        "'{0}' ('{1}') is an abstract QOM type and cannot be instantiated",
        UsageCategory, DiagnosticSeverity.Error,
        "QEMU refuses to instantiate abstract types ('object type ... is abstract'); this call always fails.");

    public static readonly DiagnosticDescriptor UnknownTypeName = Create(
        UnknownTypeNameId, "Unknown QOM type name",
        "No QOM type named '{0}' is declared in this compilation or in a referenced QOM module{1}",
        UsageCategory, DiagnosticSeverity.Warning,
        "The literal names no [QomType] or [QomInterface] the build can see; the lookup will fail unless the type is registered by hand.",
        CompilationEndTags);

    public static readonly DiagnosticDescriptor UnknownPropertyName = Create(
        UnknownPropertyNameId, "Unknown QOM property name",
        "'{0}' ('{1}') has no property named '{2}'{3}",
        UsageCategory, DiagnosticSeverity.Warning,
        "No property of that name is declared along the type's hierarchy or added by name anywhere in the compilation.",
        CompilationEndTags);

    public static readonly DiagnosticDescriptor UnrelatedCast = Create(
        UnrelatedCastId, "Cast between unrelated QOM types",
        "Casting '{0}' ('{1}') to '{2}' always fails: neither type derives from the other",
        UsageCategory, DiagnosticSeverity.Warning,
        "A QOM class cast succeeds only towards an ancestor, the type itself or a descendant.");

    public static readonly DiagnosticDescriptor NotAQomType = Create(
        NotAQomTypeId, "Typed creation of a class that is not a QOM type",
        "'{0}' is not a QOM type: New<T>() needs a [QomType] class",
        UsageCategory, DiagnosticSeverity.Error,
        "The typed New<T>() finds T's QOM name in the generated modules; a class without [QomType] has none, so the call always fails.");

    private static DiagnosticDescriptor Create(
        string id, string title, string message, string category, DiagnosticSeverity severity, string description,
        params string[] customTags) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, description,
            helpLinkUri: HelpBase + id + ".md", customTags);
}
