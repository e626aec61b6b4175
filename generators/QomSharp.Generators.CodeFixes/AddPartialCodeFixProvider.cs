using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using QomSharp.Generators.Diagnostics;

namespace QomSharp.Generators.CodeFixes;

/// <summary>
/// QOM0001: adds <c>partial</c> to every declaration of the [QomType] class and of each containing
/// type that lacks it, across documents (a type may be declared in several files).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialCodeFixProvider)), Shared]
public sealed class AddPartialCodeFixProvider : CodeFixProvider
{
    private const string EquivalenceKey = "QomSharp.AddPartial";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.NotPartialId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        var declaration = root.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
        if (declaration is null || model.GetDeclaredSymbol(declaration, context.CancellationToken) is not INamedTypeSymbol type)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Make '{type.Name}' and its containing types partial",
                    ct => AddPartialAsync(context.Document.Project.Solution, type, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Solution> AddPartialAsync(Solution solution, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        // Every non-partial declaration of the type and its containers, grouped by document.
        var byDocument = new Dictionary<DocumentId, List<TypeDeclarationSyntax>>();
        for (var t = type; t is not null; t = t.ContainingType)
        {
            foreach (var reference in t.DeclaringSyntaxReferences)
            {
                if (await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is TypeDeclarationSyntax declaration &&
                    !declaration.Modifiers.Any(SyntaxKind.PartialKeyword) &&
                    solution.GetDocumentId(declaration.SyntaxTree) is { } documentId)
                {
                    if (!byDocument.TryGetValue(documentId, out var list))
                    {
                        byDocument[documentId] = list = [];
                    }

                    list.Add(declaration);
                }
            }
        }

        foreach (var pair in byDocument)
        {
            var editor = await DocumentEditor.CreateAsync(solution.GetDocument(pair.Key)!, cancellationToken).ConfigureAwait(false);
            foreach (var declaration in pair.Value)
            {
                editor.SetModifiers(declaration, editor.Generator.GetModifiers(declaration).WithPartial(true));
            }

            solution = editor.GetChangedDocument().Project.Solution;
        }

        return solution;
    }
}
