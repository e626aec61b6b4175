using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// The ICH9 LPC's power-management I/O block (PMBASE/ACPI_CNTL, PM1 event/control, PM timer,
/// GPE0, SMI_EN/SMI_STS, TCO) and its root complex register block (RCBA) read and written over
/// qtest against QEMU 10.0's answers in qtest-ich9-pm.txt (capture_ich9_pm.py): for each
/// configuration, the same script is run through the tool and every reply compared.
/// </summary>
public class Ich9PmRegisterTests
{
    private const string File = "qtest-ich9-pm.txt";

    private sealed record Configuration(string[] Args, List<string> Script, List<string> Replies);

    private static List<Configuration> Configurations()
    {
        var configurations = new List<Configuration>();
        Configuration? current = null;
        var lines = Qemu10Reference.Read(File).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.StartsWith("$ qemu-system-x86_64 ", StringComparison.Ordinal))
            {
                var args = line["$ qemu-system-x86_64 ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                current = new Configuration(args, [], []);
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

    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Configurations().Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Fact]
    public void ReferenceCoversTheBlockAndConfigurations()
    {
        var configurations = Configurations();
        Assert.Equal(13, configurations.Count);
        var script = configurations[0].Script;
        Assert.All(configurations, c => Assert.Equal(script, c.Script));
        Assert.True(script.Count > 1000);
        // Every port of the block at each size, and the RCRB's GCS.
        for (int port = 0x600; port < 0x680; port++)
        {
            Assert.Contains($"inb 0x{port:x}", script);
        }

        Assert.Contains("inw 0x67e", script);
        Assert.Contains("inl 0x67c", script);
        Assert.Contains("readl 0xfed1f410", script);
        // The configurations differ where SMM, the TCO block and the SMI timer features change what is read.
        var first = configurations[0].Replies;
        foreach (var option in new[] { "q35,smm=off", "pc-q35-9.1", "ICH9-LPC.enable_tco=false", "ICH9-LPC.x-smi-periodic-timer=off" })
        {
            Assert.Contains(configurations, c => c.Args.Contains(option) && !c.Replies.SequenceEqual(first));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RegistersAnswerAsInQemu10(int index)
    {
        var configuration = Configurations()[index];
        var run = ToolRun.WithInput(string.Join('\n', configuration.Script) + "\n", configuration.Args);
        Assert.Equal(string.Empty, run.Error);
        var replies = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(configuration.Script.Count, replies.Length);
        var mismatches = new StringBuilder();
        int count = 0;
        for (int i = 0; i < replies.Length; i++)
        {
            if (replies[i] != configuration.Replies[i] && count++ < 30)
            {
                mismatches.Append($"#{i} {configuration.Script[i]}: QEMU '{configuration.Replies[i]}', QomSharp '{replies[i]}'\n");
            }
        }

        Assert.True(count == 0, $"{string.Join(' ', configuration.Args)}: {count} replies differ\n{mismatches}");
    }
}
