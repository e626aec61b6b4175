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
using QomSharp.Generators.Parsing;

namespace QomSharp.Generators.CodeFixes;

/// <summary>
/// QOM0005: reconciles [QomType(Abstract = ...)] with the C# class. The written flag is taken as the
/// intent, so the first action follows it and the second drops it:
/// <list type="bullet">
/// <item>Abstract = true on a concrete class: "Make the class abstract" (also drops <c>sealed</c>), or "Remove Abstract = true".</item>
/// <item>Abstract = false on an abstract class: "Set Abstract = true", or "Remove Abstract = false" (an abstract class is an abstract QOM type anyway).</item>
/// </list>
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FixAbstractFlagCodeFixProvider)), Shared]
public sealed class FixAbstractFlagCodeFixProvider : CodeFixProvider
{
    public const string MakeClassAbstractKey = "QomSharp.MakeClassAbstract";
    public const string SetAbstractTrueKey = "QomSharp.SetAbstractTrue";
    public const string RemoveAbstractFlagKey = "QomSharp.RemoveAbstractFlag";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.AbstractMismatchId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var declaration = root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
        if (model is null || declaration is null || model.GetDeclaredSymbol(declaration, context.CancellationToken) is not INamedTypeSymbol type ||
            QomSymbolFacts.FindAttribute(type, QomSymbolFacts.QomTypeAttribute) is not { } attribute ||
            await attribute.ApplicationSyntaxReference!.GetSyntaxAsync(context.CancellationToken).ConfigureAwait(false) is not AttributeSyntax attributeSyntax ||
            AbstractArgument(attributeSyntax) is not { } argument)
        {
            return;
        }

        var document = context.Document.Project.Solution.GetDocument(attributeSyntax.SyntaxTree);
        var attributedDeclaration = attributeSyntax.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        if (document is null || attributedDeclaration is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (type.IsAbstract)
            {
                context.RegisterCodeFix(CodeAction.Create("Set Abstract = true",
                    ct => EditAsync(document, (e, _) => e.ReplaceNode(argument.Expression,
                        SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(argument.Expression)), ct),
                    SetAbstractTrueKey), diagnostic);
            }
            else
            {
                context.RegisterCodeFix(CodeAction.Create($"Make '{type.Name}' abstract",
                    ct => EditAsync(document, (e, g) => e.SetModifiers(attributedDeclaration,
                        g.GetModifiers(attributedDeclaration).WithIsAbstract(true).WithIsSealed(false)), ct),
                    MakeClassAbstractKey), diagnostic);
            }

            context.RegisterCodeFix(CodeAction.Create($"Remove '{argument.ToString()}'",
                ct => EditAsync(document, (e, _) => e.RemoveNode(argument), ct),
                RemoveAbstractFlagKey), diagnostic);
        }
    }

    private static AttributeArgumentSyntax? AbstractArgument(AttributeSyntax attribute) =>
        attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.Text == "Abstract");

    private static async Task<Document> EditAsync(Document document, System.Action<DocumentEditor, SyntaxGenerator> edit, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        edit(editor, editor.Generator);
        return editor.GetChangedDocument();
    }
}
