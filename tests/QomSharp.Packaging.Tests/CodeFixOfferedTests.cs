using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.IO.Compression;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace QomSharp.Packaging.Tests;

/// <summary>
/// The analyzers and code fixes as the QomSharp package ships them, hosted as an IDE hosts them: on the
/// README's type without <c>partial</c>, QOM0001 is reported and the code fix is offered and works.
/// </summary>
[Collection(ConsumerCollection.Name)]
public sealed class CodeFixOfferedTests(ConsumerFixture consumer)
{
    [Fact]
    public async Task TheAddPartialFixIsOfferedForQom0001()
    {
        Assert.True(consumer.Setup.ExitCode == 0, consumer.Setup.ToString());
        var (analyzers, fixers, runtime) = LoadPackage();

        string source = Repository.ReadmeBlock(ConsumerFixture.Section, "csharp")
            .Replace("public sealed partial class MyUart", "public sealed class MyUart", StringComparison.Ordinal);
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Create(), "MyQom", "MyQom", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.ConsoleApplication),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: [.. FrameworkReferences(), MetadataReference.CreateFromFile(runtime)]));
        var document = workspace.AddDocument(project.Id, "Program.cs", SourceText.From("using System;\n" + source));

        var compilation = (await document.Project.GetCompilationAsync())!;
        var diagnostics = await compilation.WithAnalyzers([.. analyzers]).GetAnalyzerDiagnosticsAsync();
        var qom0001 = Assert.Single(diagnostics, d => d.Id == "QOM0001");
        Assert.EndsWith("/docs/diagnostics/QOM0001.md", qom0001.Descriptor.HelpLinkUri);

        var actions = new List<CodeAction>();
        foreach (var fixer in fixers)
        {
            if (fixer.FixableDiagnosticIds.Contains("QOM0001"))
            {
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, qom0001, (action, _) => actions.Add(action), CancellationToken.None));
            }
        }

        var offered = Assert.Single(actions);
        Assert.Equal("Make 'MyUart' and its containing types partial", offered.Title);
        var apply = Assert.Single(await offered.GetOperationsAsync(CancellationToken.None), o => o is ApplyChangesOperation);
        var fixedText = (await ((ApplyChangesOperation)apply).ChangedSolution.GetDocument(document.Id)!.GetTextAsync()).ToString();
        Assert.Contains("public sealed partial class MyUart", fixedText);
    }

    // The package's analyzer assemblies in a context of their own (Roslyn itself is shared), as a host loads them.
    private (ImmutableArray<DiagnosticAnalyzer> Analyzers, List<CodeFixProvider> Fixers, string Runtime) LoadPackage()
    {
        string version = Repository.BuildProperty("VersionPrefix");
        string folder = Directory.CreateTempSubdirectory("qomsharp-package-").FullName;
        ZipFile.ExtractToDirectory(Path.Combine(consumer.Feed, $"QomSharp.{version}.nupkg"), folder);
        string analyzerFolder = Path.Combine(folder, "analyzers", "dotnet", "roslyn4.14", "cs");
        var context = new AssemblyLoadContext("qomsharp-analyzers", isCollectible: true);
        var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        var fixers = new List<CodeFixProvider>();
        foreach (string dll in new[] { "QomSharp.Generators.dll", "QomSharp.Generators.CodeFixes.dll" })
        {
            Assembly assembly = context.LoadFromAssemblyPath(Path.Combine(analyzerFolder, dll));
            foreach (var type in assembly.GetTypes())
            {
                if (type.IsAbstract)
                {
                    continue;
                }

                if (typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
                {
                    analyzers.Add((DiagnosticAnalyzer)Activator.CreateInstance(type)!);
                }
                else if (typeof(CodeFixProvider).IsAssignableFrom(type))
                {
                    fixers.Add((CodeFixProvider)Activator.CreateInstance(type)!);
                }
            }
        }

        return (analyzers.ToImmutable(), fixers, Path.Combine(folder, "lib", "net10.0", "QomSharp.Runtime.dll"));
    }

    private static IEnumerable<MetadataReference> FrameworkReferences()
    {
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        foreach (string path in trusted.Split(Path.PathSeparator))
        {
            string name = Path.GetFileName(path);
            if (name.StartsWith("System.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll")
            {
                yield return MetadataReference.CreateFromFile(path);
            }
        }
    }
}
