using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using QomSharp.Generators.Diagnostics;

namespace QomSharp.Generators.Tests.Diagnostics;

/// <summary>Every descriptor has a unique id, a doc page, a matching help link and a release-tracking row.</summary>
public sealed class DescriptorCatalogTests
{
    private static readonly DiagnosticDescriptor[] Descriptors = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToArray();

    [Fact]
    public void IdsAreUnique() => Assert.Equal(Descriptors.Length, Descriptors.Select(d => d.Id).Distinct().Count());

    [Fact]
    public void EveryIdIsDocumentedAndTracked()
    {
        var root = RepoRoot();
        var unshipped = File.ReadAllText(Path.Combine(root, "generators", "QomSharp.Generators", "AnalyzerReleases.Unshipped.md"));
        var index = File.ReadAllText(Path.Combine(root, "docs", "diagnostics", "README.md"));
        foreach (var d in Descriptors)
        {
            Assert.True(File.Exists(Path.Combine(root, "docs", "diagnostics", d.Id + ".md")), d.Id + " has no doc page");
            Assert.EndsWith("/docs/diagnostics/" + d.Id + ".md", d.HelpLinkUri);
            Assert.Contains($"{d.Id} | {d.Category} | {d.DefaultSeverity} |", unshipped);
            Assert.Contains($"[{d.Id}]({d.Id}.md)", index);
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(System.AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QomSharp.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("QomSharp.sln not found above the test output");
    }
}
