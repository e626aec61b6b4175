using System.IO;
using System.Text.RegularExpressions;

namespace QomSharp.Tool.Tests.Preflight;

/// <summary>The README's first example prints what the README shows.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public void TheDomainExampleOfTheReadmePrintsWhatItShows()
    {
        string readme = File.ReadAllText(RepositoryFiles.PathOf("README.md"));
        Match example = Regex.Match(readme, "```sh\ndotnet run --project tools/qomsharp -- (-domain-xml [^\n]+)\n```\n\n```text\n(.*?)```", RegexOptions.Singleline);
        Assert.True(example.Success);
        string[] args = example.Groups[1].Value.Split(' ');
        args[1] = RepositoryFiles.PathOf(args[1]);
        var run = ToolRun.Of(args);
        Assert.Equal(0, run.ExitCode);

        // Every line shown appears, in order; "..." stands for lines left out.
        int at = 0;
        foreach (string line in example.Groups[2].Value.TrimEnd('\n').Split('\n'))
        {
            if (line == "...")
            {
                continue;
            }

            int found = run.Output.IndexOf(line + "\n", at, System.StringComparison.Ordinal);
            Assert.True(found >= 0, $"not printed (in this order): {line}");
            at = found + line.Length;
        }
    }
}
