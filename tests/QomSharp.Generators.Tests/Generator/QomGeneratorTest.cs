using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using QomSharp.Generators;

namespace QomSharp.Generators.Tests.Generator;

/// <summary>
/// The Roslyn testing harness set up for QomSharp: the running framework and the runtime as
/// references (offline), nullable on, and compiler warnings counted, so generated code must compile cleanly.
/// </summary>
internal sealed class QomGeneratorTest : CSharpSourceGeneratorTest<QomTypeGenerator, DefaultVerifier>
{
    public QomGeneratorTest()
    {
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(GeneratorHost.References);
        CompilerDiagnostics = CompilerDiagnostics.Warnings;
    }

    protected override ParseOptions CreateParseOptions() => GeneratorHost.ParseOptions;

    // Test inputs carry no XML docs; the harness parses them in documentation-diagnosing mode.
    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions())
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions([new("CS1591", ReportDiagnostic.Suppress)]);
}
