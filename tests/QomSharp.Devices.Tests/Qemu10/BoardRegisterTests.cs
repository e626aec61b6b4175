using System;
using System.Linq;

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

    public static TheoryData<int> Cases() => QtestTranscript.Indexes(File);

    [Fact]
    public void ReferenceCoversTheBoardDevicesAndConfigurations()
    {
        var configurations = QtestTranscript.Read(File);
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
    public void RegistersAnswerAsInQemu10(int index) =>
        QtestTranscript.Read(File)[index].AssertToolAnswersTheSame();
}
