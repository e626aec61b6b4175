using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace QomSharp.Generators.Tests.Diagnostics;

/// <summary>Compiles a small assembly in memory, standing in for a referenced device library.</summary>
internal static class ReferencedQomAssembly
{
    /// <summary>An assembly marked [assembly: QomModule] whose source is <paramref name="source"/>.</summary>
    public static MetadataReference Create(string assemblyName, string source)
    {
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview))],
            TestReferences.Metadata,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    /// <summary>A QOM module with the class 'dup-name' and the interface 'remote-iface'.</summary>
    public static MetadataReference WithDuplicateName() => Create("Other.Devices", """
        using QomSharp;
        [assembly: QomModule(typeof(Other.Devices.Module))]
        namespace Other.Devices
        {
            public sealed class Module { }
            [QomType("dup-name")] public partial class Dup : QomObject { }
            [QomInterface("remote-iface")] public interface IRemote : IQomInterface { }
        }
        """);

    /// <summary>The same types without [assembly: QomModule]: its types are not walked.</summary>
    public static MetadataReference WithoutModuleAttribute() => Create("Plain.Library", """
        using QomSharp;
        namespace Plain.Library
        {
            [QomType("dup-name")] public partial class Dup : QomObject { }
        }
        """);
}
