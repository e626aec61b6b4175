using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QomSharp.Generators.Helpers;
using QomSharp.Generators.Model;
using QomSharp.Generators.Parsing;

namespace QomSharp.Generators;

public sealed partial class QomTypeGenerator
{
    /// <summary>
    /// Turns symbols into equatable specs. Unusable input yields null and no output: the analyzers,
    /// not the generator, tell the user why (so the generator's cache never holds a Location).
    /// </summary>
    internal static class Parser
    {
        private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat;

        private static readonly SymbolDisplayFormat AnnotatedTypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static QomTypeSpec? ParseType(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol type
                || context.TargetNode is not ClassDeclarationSyntax declaration
                || context.Attributes.Length == 0)
            {
                return null;
            }

            var attribute = context.Attributes[0];
            string? qomName = QomSymbolFacts.FirstStringArgument(attribute);
            // The analyzers' rule (QomTypeRules.IsUsableQomType): what they report, the generator skips.
            if (type.IsFileLocal || !QomTypeRules.IsUsableQomType(type, cancellationToken))
            {
                return null;
            }

            var containingTypes = ParseContainingTypes(declaration);
            if (containingTypes is null)
            {
                return null;
            }

            string? parentName;
            bool parentIsGenerated = false;
            if (QomSymbolFacts.QomParent(type) is { } parent)
            {
                parentName = QomSymbolFacts.QomTypeName(parent);
                parentIsGenerated = true;
                if (!IsTableSafe(parentName))
                {
                    return null;
                }
            }
            else if (type.ToDisplayString() == QomSymbolFacts.QomObjectType)
            {
                parentName = null;
            }
            else if (QomSymbolFacts.IsQomObject(type))
            {
                // A runtime whose QomObject is not annotated still roots every type at "object".
                parentName = QomSymbolFacts.RootObjectName;
            }
            else
            {
                return null;
            }

            // A C# abstract class is an abstract QOM type even without the flag (as the analyzers hold).
            bool isAbstract = QomSymbolFacts.NamedArgument(attribute, "Abstract") is { Value: true } || type.IsAbstract;
            bool canCreate = !isAbstract && !type.IsAbstract && QomTypeRules.HasAccessibleParameterlessConstructor(type);
            if (!isAbstract && !canCreate)
            {
                return null;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var compilation = context.SemanticModel.Compilation;
            var interfaces = new List<string>();
            foreach (var iface in QomSymbolFacts.DeclaredQomInterfaces(type))
            {
                if (QomSymbolFacts.QomInterfaceName(iface) is { } name && IsTableSafe(name))
                {
                    interfaces.Add(name);
                }
            }

            return new QomTypeSpec
            {
                QomName = qomName!,
                TypeFqn = type.ToDisplayString(TypeFormat),
                TypeName = type.Name,
                MetadataName = MetadataName(type),
                Namespace = type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
                ContainingTypes = containingTypes.Value,
                Modifiers = ModifierText(declaration.Modifiers),
                IsAbstract = isAbstract,
                CanCreate = canCreate,
                ParentQomName = parentName,
                ParentIsGenerated = parentIsGenerated,
                InterfaceQomNames = interfaces.ToEquatableArray(),
                ClassTypeFqn = ParseClassType(type),
                ClassInit = FindHook(type, QomHookKind.ClassInit, compilation),
                ClassBaseInit = FindHook(type, QomHookKind.ClassBaseInit, compilation),
                InstanceInit = FindHook(type, QomHookKind.InstanceInit, compilation),
                InstancePostInit = FindHook(type, QomHookKind.InstancePostInit, compilation),
                InstanceFinalize = FindHook(type, QomHookKind.InstanceFinalize, compilation),
                Properties = ParseProperties(type, cancellationToken),
                AddedPropertyNames = AddedPropertyNames.InType(declaration, context.SemanticModel, cancellationToken)
                    .Distinct(StringComparer.Ordinal)
                    .OrderBy(static name => name, StringComparer.Ordinal)
                    .ToEquatableArray(),
            };
        }

        public static RegistryEntrySpec? ParseInterface(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol iface || context.Attributes.Length == 0)
            {
                return null;
            }

            string? name = QomSymbolFacts.FirstStringArgument(context.Attributes[0]);
            string parent = QomSymbolFacts.QomInterfaceParentName(iface) ?? string.Empty;
            if (!IsTableSafe(name) || (parent.Length != 0 && !IsTableSafe(parent)))
            {
                return null;
            }

            // An interface may name its own class struct: each implementation's copy is one of it.
            string? classType = ParseClassType(iface);
            var flags = TypeFlags.Abstract | TypeFlags.Interface | (classType is null ? TypeFlags.None : TypeFlags.ClassFactory);
            return new RegistryEntrySpec(name!, parent, (int)flags, string.Empty, iface.ToDisplayString(TypeFormat), classType);
        }

        public static ModuleInfoSpec ParseModuleInfo(Compilation compilation, CancellationToken cancellationToken)
        {
            var moduleType = compilation.GetTypeByMetadataName("QomSharp.QomModule");
            bool seesInternals = moduleType is not null
                && (SymbolEqualityComparer.Default.Equals(moduleType.ContainingAssembly, compilation.Assembly)
                    || moduleType.ContainingAssembly.GivesAccessTo(compilation.Assembly));
            var dependencies = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (QomSymbolFacts.FindAttribute(assembly, QomSymbolFacts.QomModuleAttribute) is { } attribute
                    && attribute.ConstructorArguments.Length == 1
                    && attribute.ConstructorArguments[0].Value is INamedTypeSymbol module)
                {
                    dependencies.Add(module.ToDisplayString(TypeFormat));
                }
            }

            bool registerAtLoad = QomSymbolFacts.FindAttribute(compilation.Assembly, QomSymbolFacts.QomExplicitRegistrationAttribute) is null;
            return new ModuleInfoSpec(compilation.AssemblyName ?? "QomModule", seesInternals, dependencies.ToEquatableArray(), registerAtLoad);
        }

        // The type table is tab- and line-separated with comma-separated interfaces; a name holding
        // one of those cannot be written into it (the analyzers report such names).
        private static bool IsTableSafe(string? name) => name is not null && name.IndexOfAny(['\t', '\n', '\r', ',']) < 0;

        private static bool IsPartial(TypeDeclarationSyntax declaration) =>
            declaration.Modifiers.Any(m => m.Text == "partial");

        private static EquatableArray<ContainingTypeSpec>? ParseContainingTypes(ClassDeclarationSyntax declaration)
        {
            var result = new List<ContainingTypeSpec>();
            for (var node = declaration.Parent; node is not null; node = node.Parent)
            {
                if (node is not TypeDeclarationSyntax container)
                {
                    continue;
                }

                if (!IsPartial(container) || container.TypeParameterList is not null)
                {
                    return null;
                }

                string keyword = container is RecordDeclarationSyntax { ClassOrStructKeyword.Text: { Length: > 0 } kind }
                    ? "record " + kind
                    : container.Keyword.Text;
                result.Add(new ContainingTypeSpec(ModifierText(container.Modifiers), keyword, container.Identifier.Text));
            }

            result.Reverse();
            return result.ToEquatableArray();
        }

        private static string ModifierText(SyntaxTokenList modifiers) => string.Join(" ", modifiers.Select(m => m.Text));

        private static string MetadataName(INamedTypeSymbol type)
        {
            string name = type.MetadataName;
            for (var t = type.ContainingType; t is not null; t = t.ContainingType)
            {
                name = t.MetadataName + "+" + name;
            }

            return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
        }

        // The analyzers' rule (QomTypeRules.ClassTypeProblem): an unusable class struct is reported
        // there, and the type then shares its parent's.
        private static string? ParseClassType(INamedTypeSymbol type) =>
            QomTypeRules.DeclaredClassType(type) is { } classType && QomTypeRules.ClassTypeProblem(classType, QomTypeRules.InheritedClassType(type)) is null
                ? classType.ToDisplayString(TypeFormat)
                : null;

        // The analyzers' rule (QomTypeRules.HookShapeProblem) decides which hooks are usable; a class
        // hook's bridge casts to the parameter's class-struct type when it is not QomClass itself.
        private static HookSpec? FindHook(INamedTypeSymbol type, QomHookKind kind, Compilation compilation)
        {
            if (QomTypeRules.FindHook(type, kind, compilation) is not { } method)
            {
                return null;
            }

            if (kind is QomHookKind.ClassInit or QomHookKind.ClassBaseInit)
            {
                var parameterType = method.Parameters[0].Type;
                return new HookSpec(method.Name, parameterType.ToDisplayString() == QomSymbolFacts.QomClassType ? null : parameterType.ToDisplayString(TypeFormat));
            }

            return new HookSpec(method.Name, null);
        }

        private static EquatableArray<QomPropertySpec> ParseProperties(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var result = new List<QomPropertySpec>();
            foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (property.IsStatic || property.IsIndexer || ParseProperty(property, cancellationToken) is not { } spec)
                {
                    continue;
                }

                result.Add(spec);
            }

            return result.ToEquatableArray();
        }

        private static QomPropertySpec? ParseProperty(IPropertySymbol property, CancellationToken cancellationToken)
        {
            AttributeData? attribute;
            QomPropertyKind kind;
            var type = property.Type;
            string? enumName = null;
            string? linkTarget = null;
            if ((attribute = QomSymbolFacts.FindAttribute(property, QomSymbolFacts.QomPropertyAttribute)) is not null)
            {
                bool isSize = QomSymbolFacts.NamedArgument(attribute, "Size") is { Value: true };
                if (QomSymbolFacts.ClassifyValueType(type, isSize) is not { } valueKind)
                {
                    return null;
                }

                kind = valueKind;
                if (kind == QomPropertyKind.Enum)
                {
                    enumName = QomSymbolFacts.FindAttribute(type, QomSymbolFacts.QomEnumAttribute) is { } e ? QomSymbolFacts.FirstStringArgument(e) : null;
                    if (enumName is null)
                    {
                        return null;
                    }
                }
            }
            else if ((attribute = QomSymbolFacts.FindAttribute(property, QomSymbolFacts.QomLinkAttribute)) is not null)
            {
                kind = QomPropertyKind.Link;
                if (!QomTypeRules.IsLinkTarget(type))
                {
                    return null;
                }

                // The analyzers' rule; the root interface has no [QomInterface] of its own.
                var target = QomTypeRules.WithoutNullableAnnotation(type);
                linkTarget = QomSymbolFacts.QomName(target) ?? (target.TypeKind == TypeKind.Interface ? QomSymbolFacts.RootInterfaceName : null);
                if (linkTarget is null)
                {
                    return null;
                }
            }
            else if ((attribute = QomSymbolFacts.FindAttribute(property, QomSymbolFacts.QomChildAttribute)) is not null)
            {
                kind = QomPropertyKind.Child;
                if (type.TypeKind != TypeKind.Class || !QomSymbolFacts.IsQomObject(type))
                {
                    return null;
                }
            }
            else
            {
                return null;
            }

            string? qomName = QomSymbolFacts.FirstStringArgument(attribute);
            if (qomName is null)
            {
                return null;
            }

            var declaration = property.DeclaringSyntaxReferences.Length == 1
                ? property.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) as PropertyDeclarationSyntax
                : null;
            bool isPartial = declaration is not null
                && property.IsPartialDefinition
                && property.PartialImplementationPart is null
                && declaration.AccessorList is not null;
            if (kind == QomPropertyKind.Child && !isPartial)
            {
                // A child needs the generated adopting setter; there is no descriptor to emit otherwise.
                return null;
            }

            string getterModifiers = string.Empty;
            string setterModifiers = string.Empty;
            if (isPartial)
            {
                foreach (var accessor in declaration!.AccessorList!.Accessors)
                {
                    if (accessor.Keyword.Text == "get")
                    {
                        getterModifiers = ModifierText(accessor.Modifiers);
                    }
                    else
                    {
                        setterModifiers = ModifierText(accessor.Modifiers);
                    }
                }
            }

            var valueType = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
            return new QomPropertySpec
            {
                QomName = qomName,
                MemberName = property.Name,
                Kind = kind,
                DeclaredType = type.ToDisplayString(AnnotatedTypeFormat),
                ValueType = valueType.ToDisplayString(TypeFormat),
                IsNonNullableReference = type.IsReferenceType && type.NullableAnnotation != NullableAnnotation.Annotated,
                IsPartial = isPartial,
                Modifiers = declaration is null ? string.Empty : ModifierText(declaration.Modifiers),
                HasGetter = property.GetMethod is not null,
                GetterModifiers = getterModifiers,
                Setter = property.SetMethod is null ? SetterKind.None : property.SetMethod.IsInitOnly ? SetterKind.Init : SetterKind.Set,
                SetterModifiers = setterModifiers,
                DefaultLiteral = isPartial && kind != QomPropertyKind.Link && kind != QomPropertyKind.Child
                    ? DefaultLiteral(QomSymbolFacts.NamedArgument(attribute, "Default"), kind, type)
                    : null,
                Description = QomSymbolFacts.NamedArgument(attribute, "Description") is { Value: string description } ? description : null,
                EnumQomName = enumName,
                EnumMembers = kind == QomPropertyKind.Enum ? ParseEnumMembers(type) : EquatableArray<EnumMemberSpec>.Empty,
                LinkTargetQomName = linkTarget,
                LinkStrong = kind == QomPropertyKind.Link && QomSymbolFacts.NamedArgument(attribute, "Strong") is not { Value: false },
                LinkReadOnly = kind == QomPropertyKind.Link && QomSymbolFacts.NamedArgument(attribute, "ReadOnly") is { Value: true },
                IsInstance = kind != QomPropertyKind.Child && QomSymbolFacts.NamedArgument(attribute, "Instance") is { Value: true },
            };
        }

        private static EquatableArray<EnumMemberSpec> ParseEnumMembers(ITypeSymbol enumType)
        {
            var members = new List<EnumMemberSpec>();
            foreach (var field in enumType.GetMembers().OfType<IFieldSymbol>())
            {
                if (!field.HasConstantValue)
                {
                    continue;
                }

                string name = QomSymbolFacts.FindAttribute(field, QomSymbolFacts.QomEnumValueAttribute) is { } a && QomSymbolFacts.FirstStringArgument(a) is { } explicitName
                    ? explicitName
                    : QomSymbolFacts.KebabCase(field.Name);
                members.Add(new EnumMemberSpec(name, field.Name));
            }

            return members.ToEquatableArray();
        }

        /// <summary>The attribute's Default converted to the property type as C# source, or null (no default or not convertible).</summary>
        private static string? DefaultLiteral(TypedConstant? constant, QomPropertyKind kind, ITypeSymbol propertyType)
        {
            if (constant is not { IsNull: false } c || c.Kind == TypedConstantKind.Array)
            {
                return null;
            }

            switch (kind)
            {
                case QomPropertyKind.Bool:
                    return c.Value is bool b ? (b ? "true" : "false") : null;
                case QomPropertyKind.String:
                    return c.Value is string s ? Literals.String(s) : null;
                case QomPropertyKind.Enum:
                    return EnumLiteral(c, propertyType);
                default:
                    return TryGetInteger(c.Value, out bool negative, out ulong magnitude) ? IntegerLiteral(kind, negative, magnitude) : null;
            }
        }

        private static string? EnumLiteral(TypedConstant constant, ITypeSymbol enumType)
        {
            if (!TryGetInteger(constant.Value, out bool negative, out ulong magnitude))
            {
                return null;
            }

            string enumFqn = enumType.ToDisplayString(TypeFormat);
            if (constant.Kind == TypedConstantKind.Enum && SymbolEqualityComparer.Default.Equals(constant.Type, enumType))
            {
                foreach (var field in enumType.GetMembers().OfType<IFieldSymbol>())
                {
                    if (field.HasConstantValue && TryGetInteger(field.ConstantValue, out bool n, out ulong m) && n == negative && m == magnitude)
                    {
                        return enumFqn + "." + field.Name;
                    }
                }
            }
            else if (constant.Kind == TypedConstantKind.Enum)
            {
                return null;
            }

            return "(" + enumFqn + ")(" + (negative ? "-" : string.Empty) + magnitude.ToString(CultureInfo.InvariantCulture) + ")";
        }

        private static bool TryGetInteger(object? value, out bool negative, out ulong magnitude)
        {
            negative = false;
            magnitude = 0;
            switch (value)
            {
                case ulong u:
                    magnitude = u;
                    return true;
                case sbyte or short or int or long or byte or ushort or uint:
                    long l = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                    negative = l < 0;
                    magnitude = negative ? (ulong)(-(l + 1)) + 1 : (ulong)l;
                    return true;
                default:
                    return false;
            }
        }

        private static string? IntegerLiteral(QomPropertyKind kind, bool negative, ulong magnitude)
        {
            (ulong maxPositive, ulong maxNegative, string cast, string suffix) = kind switch
            {
                QomPropertyKind.UInt8 => (byte.MaxValue, 0UL, "(byte)", ""),
                QomPropertyKind.UInt16 => (ushort.MaxValue, 0UL, "(ushort)", ""),
                QomPropertyKind.UInt32 => (uint.MaxValue, 0UL, "", "U"),
                QomPropertyKind.UInt64 or QomPropertyKind.Size => (ulong.MaxValue, 0UL, "", "UL"),
                QomPropertyKind.Int8 => ((ulong)sbyte.MaxValue, 128UL, "(sbyte)", ""),
                QomPropertyKind.Int16 => ((ulong)short.MaxValue, 32768UL, "(short)", ""),
                QomPropertyKind.Int32 => ((ulong)int.MaxValue, 2147483648UL, "", ""),
                QomPropertyKind.Int64 => ((ulong)long.MaxValue, 9223372036854775808UL, "", "L"),
                _ => (0UL, 0UL, "", ""),
            };
            if (negative ? magnitude > maxNegative : magnitude > maxPositive)
            {
                return null;
            }

            string digits = magnitude.ToString(CultureInfo.InvariantCulture) + suffix;
            if (!negative || magnitude == 0)
            {
                return cast + digits;
            }

            return cast.Length == 0 ? "-" + digits : cast + "(-" + digits + ")";
        }
    }
}
