using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace QomSharp.Generators.Tests.Generator;

/// <summary>
/// A QOM type that is not partial but declares partial properties: the compiler stops at CS0751/CS9248
/// before analyzers run, so the generator itself reports QOM0001 (once, at the class name).
/// </summary>
public sealed class NotPartialReportTests
{
    private static (Diagnostic[] Generator, Diagnostic[] Compiler) Run(string declaration)
    {
        var compilation = GeneratorHost.CreateCompilation(Snapshots.AssemblyName, "using QomSharp;\n" + declaration);
        GeneratorHost.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return ([.. diagnostics], [.. output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)]);
    }

    [Theory]
    [InlineData("[QomType(\"uart\")] public sealed class Uart : QomObject { [QomProperty(\"baud\")] public partial uint Baud { get; set; } }", "Uart", "Uart")]
    [InlineData("public class Outer { [QomType(\"uart\")] public sealed partial class Uart : QomObject { [QomProperty(\"baud\")] public partial uint Baud { get; set; } } }", "Outer.Uart", "Outer")]
    public void ReportsQom0001WhereTheCompilerWouldStopFirst(string declaration, string type, string notPartial)
    {
        var (generator, compiler) = Run(declaration);
        var report = Assert.Single(generator);
        Assert.Equal("QOM0001", report.Id);
        Assert.Equal(DiagnosticSeverity.Error, report.Severity);
        Assert.Equal($"The QOM type '{type}' ('uart') must be partial, and so must its containing types: '{notPartial}' is not declared partial", report.GetMessage());
        // At the class name, as the compiler prints it: Source0.cs(line,column).
        var at = report.Location.GetLineSpan();
        Assert.Equal("Source0.cs", at.Path);
        Assert.Equal((1, declaration.IndexOf("class Uart", System.StringComparison.Ordinal) + "class ".Length), (at.StartLinePosition.Line, at.StartLinePosition.Character));
        Assert.Equal(4, report.Location.SourceSpan.Length);
        Assert.EndsWith("/docs/diagnostics/QOM0001.md", report.Descriptor.HelpLinkUri);
        // Without the generator's report the build would show only these.
        Assert.Contains(compiler, d => d.Id is "CS0751" or "CS9248");
    }

    [Fact]
    public void LeavesATypeWithoutPartialMembersToTheAnalyzer()
    {
        var (generator, compiler) = Run("[QomType(\"plain\")] public sealed class Plain : QomObject { }");
        Assert.Empty(generator);
        Assert.Empty(compiler);
    }

    [Fact]
    public void ReportsNothingForAPartialType()
    {
        var (generator, _) = Run("[QomType(\"uart\")] public sealed partial class Uart : QomObject { [QomProperty(\"baud\")] public partial uint Baud { get; set; } }");
        Assert.Empty(generator);
    }
}
