using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using QomSharp.Generators;

namespace QomSharp.Generators.Tests.Generator;

/// <summary>
/// Baseline files of generated source under Generator/Snapshots/{Test}/{hint}.verified.cs.
/// Set QOMSHARP_UPDATE_SNAPSHOTS=1 to rewrite them (stale ones are deleted), then review the diff.
/// </summary>
internal static class Snapshots
{
    public const string AssemblyName = "TestProject";

    private static bool Updating => Environment.GetEnvironmentVariable("QOMSHARP_UPDATE_SNAPSHOTS") == "1";

    public static async Task VerifyAsync(string source, [CallerMemberName] string test = "", [CallerFilePath] string callerFile = "")
    {
        var (generated, _) = GeneratorHost.Run(GeneratorHost.CreateCompilation(AssemblyName, source));
        string directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots", test);
        if (Updating)
        {
            Directory.CreateDirectory(directory);
            foreach (string stale in Directory.GetFiles(directory, "*.verified.cs"))
            {
                File.Delete(stale);
            }

            foreach (var (hint, text) in generated)
            {
                await File.WriteAllTextAsync(Path.Combine(directory, FileName(hint)), text);
            }
        }

        var expected = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (Directory.Exists(directory))
        {
            foreach (string file in Directory.GetFiles(directory, "*.verified.cs"))
            {
                expected.Add(HintName(Path.GetFileName(file)), await File.ReadAllTextAsync(file));
            }
        }

        Assert.Equal(expected.Keys, generated.Keys.OrderBy(k => k, StringComparer.Ordinal));

        // The harness compares the generated text again and fails on any compiler warning or error.
        var harness = new QomGeneratorTest();
        harness.TestState.Sources.Add(source);
        foreach (var (hint, text) in expected)
        {
            harness.TestState.GeneratedSources.Add((typeof(QomTypeGenerator), hint, text));
        }

        await harness.RunAsync();
    }

    private static string FileName(string hint) => hint[..^".g.cs".Length] + ".verified.cs";

    private static string HintName(string file) => file[..^".verified.cs".Length] + ".g.cs";
}
