using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using QomSharp.Generators.Diagnostics;
using QomSharp.Generators.Parsing;

namespace QomSharp.Generators;

public sealed partial class QomTypeGenerator
{
    /// <summary>
    /// QOM0001 from the generator, for the one case the analyzer never gets to report: a QOM type that
    /// is not partial (or sits in a type that is not) yet declares partial properties. The compiler then
    /// stops at CS0751/CS9248 before any analyzer runs, while a generator's diagnostics are always
    /// reported. Every other case stays with the analyzer, so a build reports QOM0001 once.
    /// </summary>
    private static void RegisterNotPartialReport(IncrementalGeneratorInitializationContext context)
    {
        var reports = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                QomSymbolFacts.QomTypeAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                static (attributed, ct) => NotPartialReport.Find(attributed, ct))
            .Where(static report => report is not null)
            .Select(static (report, _) => report!);

        context.RegisterSourceOutput(reports, static (output, report) => output.ReportDiagnostic(report.ToDiagnostic()));
    }

    /// <summary>Where and what to report, as plain values so the pipeline step caches.</summary>
    private sealed record NotPartialReport(string Display, string QomName, string NotPartial, string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public static NotPartialReport? Find(GeneratorAttributeSyntaxContext attributed, CancellationToken ct)
        {
            if (attributed.TargetSymbol is not INamedTypeSymbol type
                || QomTypeRules.FirstNonPartialType(type, ct) is not { } notPartial
                || !type.GetMembers().OfType<IPropertySymbol>().Any(static p => p.IsPartialDefinition))
            {
                return null;
            }

            var location = type.Locations[0];
            var attribute = attributed.Attributes[0];
            return new NotPartialReport(
                type.ToDisplayString(),
                QomSymbolFacts.FirstStringArgument(attribute) ?? "",
                notPartial.ToDisplayString(),
                location.SourceTree?.FilePath ?? "",
                location.SourceSpan,
                location.GetLineSpan().Span);
        }

        public Diagnostic ToDiagnostic() => Diagnostic.Create(
            DiagnosticDescriptors.NotPartial, Location.Create(FilePath, Span, LineSpan), Display, QomName, NotPartial);
    }
}
