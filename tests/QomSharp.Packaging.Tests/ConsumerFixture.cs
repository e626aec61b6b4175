using System;
using System.Collections.Generic;
using System.IO;

namespace QomSharp.Packaging.Tests;

/// <summary>
/// The README's "Use it in your project" commands, run once for the collection: the packages packed
/// into a feed, a new console project that adds QomSharp from it, and the README's Program.cs. Only
/// the paths change (a temporary feed and project instead of artifacts/feed and ../MyQom). Consumers
/// restore into a package folder of their own, so a same-version package cached by an earlier run is
/// never used in place of the one just packed.
/// </summary>
public sealed class ConsumerFixture : IDisposable
{
    public const string Section = "Use it in your project";

    private readonly string _root = Directory.CreateTempSubdirectory("qomsharp-consumer-").FullName;

    public ConsumerFixture()
    {
        Feed = Path.Combine(_root, "feed");
        Project = Path.Combine(_root, "MyQom");
        Environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_root, "packages") };

        // The pack line runs with the repository's own package folder; the rest as a consumer.
        string[] lines = Repository.ReadmeBlock(Section, "sh").Split('\n');
        Assert.StartsWith("dotnet pack ", lines[0]);
        Setup = Shell.Run(Replace(lines[0], "-o artifacts/feed", "-o " + Feed), Repository.Root, timeoutSeconds: 600);
        if (Setup.ExitCode != 0)
        {
            return;
        }

        string rest = Replace(string.Join('\n', lines[1..]), "\"$PWD/artifacts/feed\"", "\"" + Feed + "\"");
        rest = Replace(rest, "../MyQom", Project);
        Setup = Shell.Run(rest, Repository.Root, Environment);
        if (Setup.ExitCode == 0)
        {
            File.WriteAllText(Path.Combine(Project, "Program.cs"), Repository.ReadmeBlock(Section, "csharp"));
        }
    }

    /// <summary>What the setup commands printed, and whether they succeeded.</summary>
    public Shell.Result Setup { get; }

    /// <summary>The feed the README's pack command wrote.</summary>
    public string Feed { get; }

    /// <summary>The console project made by the README's commands.</summary>
    public string Project { get; }

    /// <summary>The consumer's environment: its own NuGet package folder.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>A copy of the consumer project (sources and project file only) with Program.cs changed.</summary>
    public string CopyWith(string name, Func<string, string> changeProgram)
    {
        Assert.True(Setup.ExitCode == 0, Setup.ToString());
        string copy = Path.Combine(_root, name);
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(Project))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)), overwrite: true);
        }

        string program = Path.Combine(copy, "Program.cs");
        File.WriteAllText(program, changeProgram(File.ReadAllText(program)));
        return copy;
    }

    public Shell.Result Run(string script, string directory) => Shell.Run(script, directory, Environment);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file; the temporary folder is left for the system to clean.
        }
    }

    private static string Replace(string text, string token, string value)
    {
        if (!text.Contains(token, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"README commands no longer contain '{token}'");
        }

        return text.Replace(token, value, StringComparison.Ordinal);
    }
}

/// <summary>The tests that share one packed feed and one consumer project.</summary>
[CollectionDefinition(Name)]
public sealed class ConsumerCollection : ICollectionFixture<ConsumerFixture>
{
    public const string Name = "consumer";
}
