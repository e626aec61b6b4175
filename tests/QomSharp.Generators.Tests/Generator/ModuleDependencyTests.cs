using System.Linq;
using Microsoft.CodeAnalysis;

namespace QomSharp.Generators.Tests.Generator;

/// <summary>The module lists the modules of referenced assemblies, also when it has no types itself.</summary>
public sealed class ModuleDependencyTests
{
    private static readonly MetadataReference Library = GeneratorHost.CompileLibrary(
        "Demo.Library-1",
        "[QomSharp.QomType(\"library-device\")] public partial class LibraryDevice : QomSharp.QomObject { }");

    [Fact]
    public void ModuleDependsOnReferencedModules()
    {
        var compilation = GeneratorHost.CreateCompilation("App", "[QomSharp.QomType(\"app-device\")] public partial class AppDevice : QomSharp.QomObject { }")
            .AddReferences(Library);
        var (generated, _) = GeneratorHost.Run(compilation);
        Assert.Contains("DependencyModules = [global::QomSharp.Generated.QomModule_Demo_Library_1.Instance", generated["QomModule.g.cs"], System.StringComparison.Ordinal);
    }

    [Fact]
    public void ModuleIsEmittedWithoutOwnTypesWhenModulesAreReferenced()
    {
        var compilation = GeneratorHost.CreateCompilation("App", "public class Plain { }").AddReferences(Library);
        var (generated, output) = GeneratorHost.Run(compilation);
        string module = generated["QomModule.g.cs"];
        Assert.Contains("public sealed class QomModule_App : global::QomSharp.QomModule", module, System.StringComparison.Ordinal);
        Assert.Contains("QomModule_Demo_Library_1.Instance", module, System.StringComparison.Ordinal);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }
}
