using System.IO;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace QomSharp.Packaging.Tests;

/// <summary>What the README's pack command writes: three packages, their symbols, and each package's layout.</summary>
[Collection(ConsumerCollection.Name)]
public sealed class PackageLayoutTests(ConsumerFixture consumer)
{
    private string Version => Repository.BuildProperty("VersionPrefix");

    private string[] Entries(string id)
    {
        Assert.True(consumer.Setup.ExitCode == 0, consumer.Setup.ToString());
        using var package = ZipFile.OpenRead(Path.Combine(consumer.Feed, $"{id}.{Version}.nupkg"));
        return [.. package.Entries.Select(e => e.FullName)];
    }

    private string Nuspec(string id)
    {
        using var package = ZipFile.OpenRead(Path.Combine(consumer.Feed, $"{id}.{Version}.nupkg"));
        using var reader = new StreamReader(package.GetEntry($"{id}.nuspec")!.Open());
        return reader.ReadToEnd();
    }

    [Fact]
    public void EachPackageHasItsSymbolsPackage()
    {
        Assert.True(consumer.Setup.ExitCode == 0, consumer.Setup.ToString());
        string[] files = [.. Directory.GetFiles(consumer.Feed).Select(Path.GetFileName).Order()!];
        Assert.Equal(
            [$"QomSharp.{Version}.nupkg", $"QomSharp.{Version}.snupkg", $"QomSharp.Devices.{Version}.nupkg", $"QomSharp.Devices.{Version}.snupkg", $"QomSharp.Tool.{Version}.nupkg", $"QomSharp.Tool.{Version}.snupkg"],
            files);
    }

    [Fact]
    public void QomSharpCarriesTheRuntimeTheGeneratorAnalyzersCodeFixesAndTheCompilerCheck()
    {
        var entries = Entries("QomSharp");
        Assert.Contains("lib/net10.0/QomSharp.Runtime.dll", entries);
        Assert.Contains("lib/net10.0/QomSharp.Runtime.xml", entries);
        Assert.Contains("analyzers/dotnet/roslyn4.14/cs/QomSharp.Generators.dll", entries);
        Assert.Contains("analyzers/dotnet/roslyn4.14/cs/QomSharp.Generators.CodeFixes.dll", entries);
        Assert.Contains("buildTransitive/QomSharp.targets", entries);
        Assert.Contains("buildTransitive/QomSharp.props", entries);
        Assert.Contains("README.md", entries);
        Assert.Contains("LICENSE", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", System.StringComparison.Ordinal) && e.Contains("Generators", System.StringComparison.Ordinal));
        // No dependency: the generator's Roslyn is the consumer's compiler.
        Assert.DoesNotContain("<dependency ", Nuspec("QomSharp"));
    }

    [Fact]
    public void PackagesCarryLicenseReadmeAndRepository()
    {
        string url = Repository.BuildProperty("RepositoryUrl");
        foreach (string id in new[] { "QomSharp", "QomSharp.Devices", "QomSharp.Tool" })
        {
            string nuspec = Nuspec(id);
            Assert.Contains($"<version>{Version}</version>", nuspec);
            Assert.Contains("<license type=\"expression\">MIT</license>", nuspec);
            Assert.Contains("<readme>README.md</readme>", nuspec);
            Assert.Matches($"<repository type=\"git\" url=\"{Regex.Escape(url)}\" branch=\"main\" commit=\"[0-9a-f]{{40}}\" />", nuspec);
        }
    }

    [Fact]
    public void DevicesDependsOnQomSharpWithItsAnalyzersAndBuildChecks()
    {
        Assert.Contains("lib/net10.0/QomSharp.Devices.dll", Entries("QomSharp.Devices"));
        string nuspec = Nuspec("QomSharp.Devices");
        var dependency = Regex.Match(nuspec, "<dependency id=\"QomSharp\" version=\"([^\"]+)\"([^/]*)/>");
        Assert.True(dependency.Success, nuspec);
        Assert.Equal(Version, dependency.Groups[1].Value);
        // Nothing excluded: a user of QomSharp.Devices alone still gets the generator and analyzers.
        Assert.DoesNotContain("exclude", dependency.Groups[2].Value);
    }

    [Fact]
    public void TheToolPackageIsADotnetToolNamedQomsharp()
    {
        var entries = Entries("QomSharp.Tool");
        Assert.Contains("tools/net10.0/any/qomsharp.dll", entries);
        using var package = ZipFile.OpenRead(Path.Combine(consumer.Feed, $"QomSharp.Tool.{Version}.nupkg"));
        using var reader = new StreamReader(package.GetEntry("tools/net10.0/any/DotnetToolSettings.xml")!.Open());
        Assert.Contains("<Command Name=\"qomsharp\" EntryPoint=\"qomsharp.dll\"", reader.ReadToEnd());
        Assert.Contains("<packageType name=\"DotnetTool\" />", Nuspec("QomSharp.Tool"));
    }
}
