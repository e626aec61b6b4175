using System.IO;
using System.Text.RegularExpressions;

namespace QomSharp.Packaging.Tests;

/// <summary>The repository the tests run in: its root, its README and its build properties.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Readme => File.ReadAllText(Path.Combine(Root, "README.md"));

    /// <summary>A property of Directory.Build.props, where the version and the repository URL are set once.</summary>
    public static string BuildProperty(string name)
    {
        string props = File.ReadAllText(Path.Combine(Root, "Directory.Build.props"));
        var match = Regex.Match(props, $"<{name}>([^<]*)</{name}>");
        Assert.True(match.Success, $"{name} is not set in Directory.Build.props");
        return match.Groups[1].Value;
    }

    /// <summary>The fenced block of <paramref name="language"/> that follows <paramref name="heading"/> in the README (index-th).</summary>
    public static string ReadmeBlock(string heading, string language, int index = 0)
    {
        string readme = Readme;
        int section = readme.IndexOf("\n## " + heading + "\n", System.StringComparison.Ordinal);
        Assert.True(section >= 0, $"README has no section '{heading}'");
        int end = readme.IndexOf("\n## ", section + 4, System.StringComparison.Ordinal);
        string body = end < 0 ? readme[section..] : readme[section..end];
        var blocks = Regex.Matches(body, "```" + language + "\n(.*?)```", RegexOptions.Singleline);
        Assert.True(blocks.Count > index, $"README section '{heading}' has no {language} block {index}");
        return blocks[index].Groups[1].Value;
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(System.AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "QomSharp.sln")))
        {
            directory = directory.Parent ?? throw new DirectoryNotFoundException("QomSharp.sln");
        }

        return directory.FullName;
    }
}
