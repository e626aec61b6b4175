using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using QomSharp.Generators.Diagnostics;

namespace QomSharp.Generators.Tests.Diagnostics;

/// <summary>
/// Every help link, the analyzers' and the package's build check's, is derived from the one repository
/// URL of Directory.Build.props and names a page that exists in this repository.
/// </summary>
public sealed class HelpLinkTests
{
    private static readonly DiagnosticDescriptor[] Descriptors = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToArray();

    private static readonly string Root = RepoRoot();

    private static string BuildProperty(string name) =>
        Regex.Match(File.ReadAllText(Path.Combine(Root, "Directory.Build.props")), $"<{name}>([^<]*)</{name}>").Groups[1].Value;

    private static string Prefix => BuildProperty("RepositoryUrl") + "/blob/" + BuildProperty("RepositoryBranch") + "/";

    [Fact]
    public void EveryAnalyzerHelpLinkIsAFileOfTheRepository()
    {
        Assert.NotEmpty(Descriptors);
        Assert.StartsWith("https://", Prefix);
        foreach (var descriptor in Descriptors)
        {
            Assert.StartsWith(Prefix, descriptor.HelpLinkUri);
            string path = descriptor.HelpLinkUri[Prefix.Length..];
            Assert.Equal($"docs/diagnostics/{descriptor.Id}.md", path);
            Assert.True(File.Exists(Path.Combine(Root, path)), $"{descriptor.Id}: {path} does not exist");
        }
    }

    [Fact]
    public void ThePackagesBuildCheckLinksToItsPageThroughTheSameUrl()
    {
        string targets = File.ReadAllText(Path.Combine(Root, "runtime", "QomSharp.Runtime", "buildTransitive", "QomSharp.targets"));
        var errors = Regex.Matches(targets, "Code=\"(QOM\\d{4})\"\\s+HelpLink=\"\\$\\(QomSharpDiagnosticsUrl\\)(QOM\\d{4})\\.md\"");
        Assert.NotEmpty(errors);
        foreach (Match error in errors)
        {
            Assert.Equal(error.Groups[1].Value, error.Groups[2].Value);
            Assert.True(File.Exists(Path.Combine(Root, "docs", "diagnostics", error.Groups[1].Value + ".md")));
        }

        // QomSharpDiagnosticsUrl is written at pack time from RepositoryUrl and RepositoryBranch.
        string project = File.ReadAllText(Path.Combine(Root, "runtime", "QomSharp.Runtime", "QomSharp.Runtime.csproj"));
        Assert.Contains("<QomSharpDiagnosticsUrl>$(RepositoryUrl)/blob/$(RepositoryBranch)/docs/diagnostics/</QomSharpDiagnosticsUrl>", project);
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
