using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QomSharp.Generators.Helpers;
using QomSharp.Generators.Model;
using QomSharp.Generators.Parsing;

namespace QomSharp.Generators;

/// <summary>
/// Turns [QomType] classes and [QomInterface] interfaces into QOM registration code: one file per
/// class (type name, hook bridges, property implementations and descriptors) and one module per
/// assembly (the type table and the dispatch by index). See docs/generated-code.md.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class QomTypeGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var types = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                QomSymbolFacts.QomTypeAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                Parser.ParseType)
            .WithTrackingName(StepNames.TypeSpec)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!);

        context.RegisterSourceOutput(types, static (output, spec) =>
            output.AddSource(spec.MetadataName + ".Qom.g.cs", Emitter.EmitType(spec)));

        RegisterNotPartialReport(context);

        var typeEntries = types
            .Select(static (spec, _) => Emitter.ToRegistryEntry(spec))
            .WithTrackingName(StepNames.RegistryEntry);

        var interfaceEntries = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                QomSymbolFacts.QomInterfaceAttribute,
                static (node, _) => node is InterfaceDeclarationSyntax,
                Parser.ParseInterface)
            .WithTrackingName(StepNames.InterfaceEntry)
            .Where(static entry => entry is not null)
            .Select(static (entry, _) => entry!);

        var allEntries = typeEntries.Collect()
            .Combine(interfaceEntries.Collect())
            .Select(static (pair, _) => pair.Left.Concat(pair.Right)
                .OrderBy(static e => e.QomName, StringComparer.Ordinal)
                .ToEquatableArray());

        // Only a small equatable value leaves the compilation: never combine the Compilation itself.
        var moduleInfo = context.CompilationProvider
            .Select(Parser.ParseModuleInfo)
            .WithTrackingName(StepNames.ModuleInfo);

        var module = allEntries
            .Combine(moduleInfo)
            .Select(static (pair, _) => new ModuleSpec(pair.Right, pair.Left))
            .WithTrackingName(StepNames.Module);

        context.RegisterSourceOutput(module, static (output, spec) =>
        {
            if (!spec.Types.IsEmpty || !spec.Info.DependencyModules.IsEmpty)
            {
                output.AddSource("QomModule.g.cs", Emitter.EmitModule(spec));
            }
        });

        // Names added by hand anywhere in the assembly, written next to its types for the analyzers
        // of referencing assemblies (docs/generated-code.md). Each call yields strings only.
        var addedNames = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => AddedPropertyNames.IsCandidate(node),
                static (syntax, cancellationToken) =>
                    AddedPropertyNames.Global(syntax.Node, syntax.SemanticModel, cancellationToken).ToEquatableArray())
            .Where(static names => !names.IsEmpty)
            .Collect()
            .Select(static (all, _) => all.SelectMany(static names => names)
                .Distinct(StringComparer.Ordinal)
                .OrderBy(static name => name, StringComparer.Ordinal)
                .ToEquatableArray())
            .WithTrackingName(StepNames.AddedPropertyNames);

        var hasTypes = typeEntries.Collect().Select(static (entries, _) => !entries.IsEmpty);
        context.RegisterSourceOutput(addedNames.Combine(hasTypes), static (output, pair) =>
        {
            if (pair.Right)
            {
                output.AddSource(AddedNamesEmitter.HintName, AddedNamesEmitter.Emit(pair.Left));
            }
        });
    }
}
