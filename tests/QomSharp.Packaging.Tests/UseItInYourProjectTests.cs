using System.IO;
using System.Text.RegularExpressions;

namespace QomSharp.Packaging.Tests;

/// <summary>The README's "Use it in your project" section, done as written, behaves as it says.</summary>
[Collection(ConsumerCollection.Name)]
public sealed class UseItInYourProjectTests(ConsumerFixture consumer)
{
    [Fact]
    public void TheReadmeCommandsMakeAProjectThatReferencesThePackedPackage()
    {
        Assert.True(consumer.Setup.ExitCode == 0, consumer.Setup.ToString());
        string project = File.ReadAllText(Path.Combine(consumer.Project, "MyQom.csproj"));
        Assert.Contains($"<PackageReference Include=\"QomSharp\" Version=\"{Repository.BuildProperty("VersionPrefix")}\" />", project);
    }

    [Fact]
    public void DotnetRunPrintsWhatTheReadmeShows()
    {
        Assert.True(consumer.Setup.ExitCode == 0, consumer.Setup.ToString());
        var run = consumer.Run("dotnet run", consumer.Project);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Repository.ReadmeBlock(ConsumerFixture.Section, "text"), run.Output);
    }

    [Fact]
    public void ThePackageReadmeShowsTheSameProgramAndOutput()
    {
        // The package's README (shown by the package feed) repeats the example this class runs.
        string packageReadme = File.ReadAllText(Path.Combine(Repository.Root, "runtime", "QomSharp.Runtime", "README.md"));
        string program = Regex.Match(packageReadme, "```csharp\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(Repository.ReadmeBlock(ConsumerFixture.Section, "csharp"), program);
        string[] output = Repository.ReadmeBlock(ConsumerFixture.Section, "text").TrimEnd('\n').Split('\n');
        Assert.Contains($"This program prints `{output[0]}`, then `{output[1]}`:", packageReadme);
    }

    [Fact]
    public void AMissingPartialIsQom0001WithALinkToItsPageInTheRepository()
    {
        string project = consumer.CopyWith("MyQomNotPartial", program =>
        {
            Assert.Contains("public sealed partial class MyUart", program);
            return program.Replace("public sealed partial class MyUart", "public sealed class MyUart");
        });
        var build = consumer.Run("dotnet build", project);
        Assert.NotEqual(0, build.ExitCode);
        var error = Regex.Match(build.Output, @"error QOM0001: .*\((\S+)\)");
        Assert.True(error.Success, build.ToString());

        // The help link is the repository's URL (Directory.Build.props) and a file of this clone.
        string prefix = Repository.BuildProperty("RepositoryUrl") + "/blob/" + Repository.BuildProperty("RepositoryBranch") + "/";
        string link = error.Groups[1].Value;
        Assert.StartsWith(prefix, link);
        Assert.Equal("docs/diagnostics/QOM0001.md", link[prefix.Length..]);
        Assert.True(File.Exists(Path.Combine(Repository.Root, link[prefix.Length..])), link);
    }

    [Fact]
    public void ACompilerOlderThanTheGeneratorsStopsTheBuildWithQom0900NotCs9248()
    {
        string project = consumer.CopyWith("MyQomOldCompiler", program => program);
        // QomSharpCompilerVersion stands in for what the targets read from the compiler MSBuild runs.
        var build = consumer.Run("dotnet build -p:QomSharpCompilerVersion=4.8.0", project);
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error QOM0900: QomSharp needs a C# compiler of Roslyn 4.14 or newer", build.Output);
        Assert.Contains("this build uses Roslyn 4.8.0", build.Output);
        Assert.DoesNotContain("CS9248", build.Output);

        // The same project with the SDK's own compiler builds.
        var current = consumer.Run("dotnet build", project);
        Assert.True(current.ExitCode == 0, current.ToString());
    }
}
