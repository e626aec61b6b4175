using System.Linq;

namespace QomSharp.Generators.Tests.Generator;

/// <summary>Unusable declarations produce no code at all (the analyzers explain why); valid neighbours are unaffected.</summary>
public sealed class InvalidInputTests
{
    [Theory]
    [InlineData("[QomType(\"not-partial\")] public class NotPartial : QomObject { }")]
    [InlineData("[QomType(\"generic\")] public partial class Generic<T> : QomObject { }")]
    [InlineData("public class Outer { [QomType(\"outer-not-partial\")] public partial class Inner : QomObject { } }")]
    [InlineData("public partial class Outer<T> { [QomType(\"outer-generic\")] public partial class Inner : QomObject { } }")]
    [InlineData("public partial class Outer { [QomType(\"private-nested\")] private partial class Inner : QomObject { } }")]
    [InlineData("public partial class Outer { [QomType(\"protected-nested\")] protected partial class Inner : QomObject { } }")]
    [InlineData("[QomType(\"no-qom-base\")] public partial class NoBase { }")]
    [InlineData("[QomType(\"no-ctor\")] public partial class NoCtor : QomObject { private NoCtor() { } }")]
    [InlineData("[QomType(\"bad\\tname\")] public partial class BadName : QomObject { }")]
    [InlineData("[QomType(\"x\")] public partial class TooShort : QomObject { }")]
    [InlineData("[QomType(\"bad name\")] public partial class Spaced : QomObject { }")]
    [InlineData("[QomType(\"split\")] public partial class Split : QomObject { } public class Split { }")]
    public void EmitsNothingForUnusableType(string declaration)
    {
        string source = "using QomSharp;\n" + declaration + "\n[QomType(\"valid-neighbour\")] public partial class Valid : QomObject { }\n";
        var (generated, _) = GeneratorHost.Run(GeneratorHost.CreateCompilation(Snapshots.AssemblyName, source));

        Assert.Equal(["QomAddedPropertyNames.g.cs", "QomModule.g.cs", "Valid.Qom.g.cs"], generated.Keys.Order().ToArray());
        Assert.Single(generated["QomModule.g.cs"].Split('\n'), line => line.Contains("\\tobject\\t", System.StringComparison.Ordinal));
    }

    [Fact]
    public void TableWithARepeatedNameIsLeftToTheRuntimesCheck()
    {
        string source = "using QomSharp;\n[QomType(\"same-name\")] public partial class First : QomObject { }\n[QomType(\"same-name\")] public partial class Second : QomObject { }\n";
        var (generated, _) = GeneratorHost.Run(GeneratorHost.CreateCompilation(Snapshots.AssemblyName, source));

        Assert.DoesNotContain("NamesCheckedAtCompileTime", generated["QomModule.g.cs"], System.StringComparison.Ordinal);
    }

    [Fact]
    public void TableOfLegalDistinctNamesIsVouchedFor()
    {
        string source = "using QomSharp;\n[QomType(\"name-b\")] public partial class First : QomObject { }\n[QomType(\"name-a\")] public partial class Second : QomObject { }\n";
        var (generated, _) = GeneratorHost.Run(GeneratorHost.CreateCompilation(Snapshots.AssemblyName, source));

        Assert.Contains("protected override bool NamesCheckedAtCompileTime => true;", generated["QomModule.g.cs"], System.StringComparison.Ordinal);
    }

    [Fact]
    public void EmitsNothingWithoutQomTypesOrReferencedModules()
    {
        var compilation = GeneratorHost.CreateCompilation(Snapshots.AssemblyName, "public class Plain { }");
        var (generated, _) = GeneratorHost.Run(compilation);
        Assert.DoesNotContain(generated.Keys, k => k.EndsWith(".Qom.g.cs", System.StringComparison.Ordinal));
    }
}
