using System;
using System.Collections.Generic;
using System.Text;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// A captured qtest transcript: for each configuration the line
/// <c>$ qemu-system-x86_64 ARGS -S -qtest stdio</c>, then each qtest line followed by QEMU's reply.
/// Replaying runs the same lines through the tool and lists the replies that differ.
/// </summary>
internal sealed record QtestTranscript(string[] Args, List<string> Script, List<string> Replies)
{
    private const string Prompt = "$ qemu-system-x86_64 ";

    /// <summary>The configurations of a reference file, in order.</summary>
    public static List<QtestTranscript> Read(string file)
    {
        var configurations = new List<QtestTranscript>();
        QtestTranscript? current = null;
        var lines = Qemu10Reference.Read(file).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.StartsWith(Prompt, StringComparison.Ordinal))
            {
                current = new QtestTranscript(line[Prompt.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries), [], []);
                configurations.Add(current);
            }
            else if (line.Length > 0)
            {
                current!.Script.Add(line);
                current.Replies.Add(lines[++i]);
            }
        }

        return configurations;
    }

    /// <summary>Indexes 0..count-1 of a file's configurations, for a theory.</summary>
    public static TheoryData<int> Indexes(string file)
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Read(file).Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    /// <summary>
    /// Runs the script through the tool (QEMU's command line without -qtest-log) and asserts every
    /// reply is QEMU's, and that it printed <paramref name="error"/> on stderr (nothing by default).
    /// </summary>
    public void AssertToolAnswersTheSame(string error = "")
    {
        var run = ToolRun.WithInput(string.Join('\n', Script) + "\n", Args);
        Assert.Equal(error, run.Error);
        var replies = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Script.Count, replies.Length);
        var mismatches = new StringBuilder();
        int count = 0;
        for (int i = 0; i < replies.Length; i++)
        {
            if (replies[i] != Replies[i] && count++ < 20)
            {
                mismatches.Append($"#{i} {Script[i]}: QEMU '{Replies[i]}', QomSharp '{replies[i]}'\n");
            }
        }

        Assert.True(count == 0, $"{string.Join(' ', Args)}: {count} replies differ\n{mismatches}");
    }
}
