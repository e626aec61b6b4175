using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using QomSharp.Generators;
using QomSharp.Generators.Model;

namespace QomSharp.Generators.Tests.Generator;

/// <summary>The pipeline caches: edits that do not change a spec leave its outputs cached.</summary>
public sealed class IncrementalityTests
{
    private const string Device = """
        using QomSharp;

        namespace Demo;

        [QomType("demo-device")]
        public partial class DemoDevice : QomObject
        {
            [QomProperty("aw-bits", Default = 39)]
            public partial byte AwBits { get; set; }

            public int Compute() => 1;
        }
        """;

    private const string Unrelated = "namespace Demo; public class Helper { public int Value => 1; }";

    [Fact]
    public void SameCompilationTwiceIsCached()
    {
        var compilation = GeneratorHost.CreateCompilation("TestProject", Device, Unrelated);
        var driver = GeneratorHost.CreateDriver().RunGenerators(compilation).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        AssertReasons(result, StepNames.TypeSpec, IncrementalStepRunReason.Cached);
        AssertReasons(result, StepNames.Module, IncrementalStepRunReason.Cached);
        AssertOutputsCached(result);
    }

    [Fact]
    public void UnrelatedEditLeavesSpecsAndOutputsCached()
    {
        var compilation = GeneratorHost.CreateCompilation("TestProject", Device, Unrelated);
        var driver = GeneratorHost.CreateDriver().RunGenerators(compilation);
        var edited = Replace(compilation, 1, Unrelated.Replace("Value => 1", "Value => 2", StringComparison.Ordinal));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertReasons(result, StepNames.TypeSpec, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertReasons(result, StepNames.ModuleInfo, IncrementalStepRunReason.Unchanged);
        AssertReasons(result, StepNames.AddedPropertyNames, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertOutputsCached(result);
    }

    // Roslyn re-runs the semantic per-type step after any edit (its value then compares equal:
    // Unchanged); everything after it, per type and per module, must come from the cache.
    [Fact]
    public void UnrelatedEditKeepsEveryPerTypeStepAfterTheSpecCached()
    {
        string[] devices = [.. Enumerable.Range(0, 20).Select(static i =>
            $"namespace Demo; [QomSharp.QomType(\"many-{i:D2}\")] public partial class Many{i:D2} : QomSharp.QomObject {{ [QomSharp.QomProperty(\"level\")] public partial int Level {{ get; set; }} }}")];
        var compilation = GeneratorHost.CreateCompilation("TestProject", [Unrelated, .. devices]);
        var driver = GeneratorHost.CreateDriver().RunGenerators(compilation);
        var edited = Replace(compilation, 0, Unrelated.Replace("Value => 1", "Value => 2", StringComparison.Ordinal));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertReasons(result, StepNames.TypeSpec, IncrementalStepRunReason.Unchanged);
        Assert.Equal(20, result.TrackedSteps[StepNames.RegistryEntry].Length);
        AssertReasons(result, StepNames.RegistryEntry, IncrementalStepRunReason.Cached);
        AssertReasons(result, StepNames.Module, IncrementalStepRunReason.Cached);
        AssertOutputsCached(result);
        Assert.Equal(22, result.GeneratedSources.Length);
    }

    [Fact]
    public void NameAddedByHandElsewhereReachesTheAssemblyList()
    {
        var compilation = GeneratorHost.CreateCompilation("TestProject", Device, Unrelated);
        var driver = GeneratorHost.CreateDriver().RunGenerators(compilation);
        var edited = Replace(compilation, 1,
            "namespace Demo; public static class Helper { public static QomSharp.QomProperty Make() => new QomSharp.QomBoolProperty(\"extra\", static o => true, null); }");
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertReasons(result, StepNames.TypeSpec, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertReasons(result, StepNames.AddedPropertyNames, IncrementalStepRunReason.Modified);
        Assert.Contains("QomAddedPropertyNamesAttribute(\"extra\")",
            result.GeneratedSources.Single(s => s.HintName == "QomAddedPropertyNames.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void MethodBodyEditInAnnotatedClassIsUnchanged()
    {
        var compilation = GeneratorHost.CreateCompilation("TestProject", Device, Unrelated);
        var driver = GeneratorHost.CreateDriver().RunGenerators(compilation);
        var edited = Replace(compilation, 0, Device.Replace("Compute() => 1", "Compute() => 2 + 3", StringComparison.Ordinal));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertReasons(result, StepNames.TypeSpec, IncrementalStepRunReason.Unchanged);
        AssertOutputsCached(result);
    }

    [Fact]
    public void PropertyRenameIsModified()
    {
        var compilation = GeneratorHost.CreateCompilation("TestProject", Device, Unrelated);
        var driver = GeneratorHost.CreateDriver().RunGenerators(compilation);
        var edited = Replace(compilation, 0, Device.Replace("AwBits", "AddressWidth", StringComparison.Ordinal));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertReasons(result, StepNames.TypeSpec, IncrementalStepRunReason.Modified);
        var typeFile = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs)
            .Where(o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.NotEmpty(typeFile);
        Assert.Contains("AddressWidth", result.GeneratedSources.Single(s => s.HintName == "Demo.DemoDevice.Qom.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SpecsHoldNoCompilationObjects()
    {
        Type[] forbidden = [typeof(ISymbol), typeof(Compilation), typeof(SyntaxNode), typeof(Location), typeof(SemanticModel), typeof(SyntaxTree), typeof(AttributeData)];
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>(typeof(QomTypeSpec).Assembly.GetTypes().Where(t => t.Namespace == typeof(QomTypeSpec).Namespace));
        while (pending.Count > 0)
        {
            var type = pending.Pop();
            if (!seen.Add(type) || type.IsPrimitive || type.IsEnum || type == typeof(string))
            {
                continue;
            }

            Assert.DoesNotContain(forbidden, f => f.IsAssignableFrom(type));
            foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
            {
                pending.Push(argument);
            }

            if (type.Namespace?.StartsWith("QomSharp.Generators", StringComparison.Ordinal) != true)
            {
                continue;
            }

            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                pending.Push(Nullable.GetUnderlyingType(field.FieldType) ?? field.FieldType);
            }
        }

        Assert.Contains(typeof(QomPropertySpec), seen);
        Assert.Contains(typeof(EnumMemberSpec), seen);
    }

    private static Compilation Replace(Compilation compilation, int index, string source) =>
        compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.ElementAt(index), CSharpSyntaxTree.ParseText(source, GeneratorHost.ParseOptions, path: compilation.SyntaxTrees.ElementAt(index).FilePath));

    private static void AssertReasons(GeneratorRunResult result, string step, params IncrementalStepRunReason[] allowed)
    {
        var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Contains(o.Reason, allowed));
    }

    private static void AssertOutputsCached(GeneratorRunResult result)
    {
        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }
}
