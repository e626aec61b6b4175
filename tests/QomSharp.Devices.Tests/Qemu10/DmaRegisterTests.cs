using System;
using System.Linq;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// The q35 board's two i8257 DMA controllers (channel, control and page registers) read and written
/// over qtest against QEMU 10.0's answers in qtest-dma.txt (capture_dma.py).
/// </summary>
public class DmaRegisterTests
{
    private const string File = "qtest-dma.txt";

    public static TheoryData<int> Cases() => QtestTranscript.Indexes(File);

    [Fact]
    public void ReferenceReachesBothControllersAndThePageRegisters()
    {
        var configurations = QtestTranscript.Read(File);
        Assert.Equal(2, configurations.Count);
        var script = configurations[0].Script;
        foreach (var port in new[] { "0x0", "0x7", "0x8", "0xf", "0xc0", "0xce", "0xd0", "0xde", "0x81", "0x87", "0x89", "0x8f" })
        {
            Assert.Contains(script, l => l.EndsWith(" " + port, StringComparison.Ordinal) || l.Contains(" " + port + " ", StringComparison.Ordinal));
        }

        // The masks read back as written: all set after the board's reset, then what the script wrote.
        var replies = configurations[0].Replies;
        Assert.Equal("OK 0x00ff", replies[script.IndexOf("inb 0x9")]);
        Assert.True(replies.Distinct().Count() > 20);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DmaRegistersAnswerAsInQemu10(int index) =>
        QtestTranscript.Read(File)[index].AssertToolAnswersTheSame();
}
