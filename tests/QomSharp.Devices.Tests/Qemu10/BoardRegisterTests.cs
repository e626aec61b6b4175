using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// The q35 board devices' registers (HPET, PIT, port 0x61, RTC/CMOS, i8259 pair with ELCRs,
/// i8042, port 0x92) read and written over qtest against QEMU 10.0's answers in
/// qtest-board-registers.txt (capture_board_registers.py): for each configuration, the same
/// script is run through the tool and every reply compared line by line.
/// </summary>
public class BoardRegisterTests
{
    private const string File = "qtest-board-registers.txt";

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
    public void ReferenceCoversTheBoardDevicesAndConfigurations()
    {
        var configurations = Configurations();
        Assert.Equal(14, configurations.Count);
        var script = configurations[0].Script;
        Assert.All(configurations, c => Assert.Equal(script, c.Script));
        Assert.True(script.Count > 1000);
        // Each device is reached: the HPET window, the PIT, the speaker, the CMOS, both PICs and ELCRs, the i8042, port 0x92.
        foreach (var port in new[] { "0xfed00000", "0x40", "0x43", "0x61", "0x70", "0x71", "0x20", "0xa1", "0x4d0", "0x4d1", "0x60", "0x64", "0x92" })
        {
            Assert.Contains(script, l => l.EndsWith(" " + port, StringComparison.Ordinal) || l.Contains(" " + port + " ", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RegistersAnswerAsInQemu10(int index)
    {
        var configuration = Configurations()[index];
        // The tool takes QEMU's command line without -qtest-log.
        var run = ToolRun.WithInput(string.Join('\n', configuration.Script) + "\n", configuration.Args);
        Assert.Equal(string.Empty, run.Error);
        var replies = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(configuration.Script.Count, replies.Length);
        var mismatches = new StringBuilder();
        int count = 0;
        for (int i = 0; i < replies.Length; i++)
        {
            if (replies[i] != configuration.Replies[i] && count++ < 20)
            {
                mismatches.Append($"#{i} {configuration.Script[i]}: QEMU '{configuration.Replies[i]}', QomSharp '{replies[i]}'\n");
            }
        }

        Assert.True(count == 0, $"{string.Join(' ', configuration.Args)}: {count} replies differ\n{mismatches}");
    }
}
