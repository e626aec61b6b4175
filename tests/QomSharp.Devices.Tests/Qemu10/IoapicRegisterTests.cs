using System;
using System.Linq;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// The I/O APIC's registers (select, window, ID, version, redirection entries, EOI) and the board's
/// lines into its pins, over qtest against QEMU 10.0's answers in qtest-ioapic.txt (capture_ioapic.py).
/// </summary>
public class IoapicRegisterTests
{
    private const string File = "qtest-ioapic.txt";

    public static TheoryData<int> Cases() => QtestTranscript.Indexes(File);

    [Fact]
    public void ReferenceCoversTheRegistersAndTheConfigurations()
    {
        var configurations = QtestTranscript.Read(File);
        Assert.Equal(5, configurations.Count);
        var first = configurations[0];
        // The version register: 24 entries, version 0x20 (0x11 with the global).
        int version = first.Script.IndexOf("readl 0xfec00010", first.Script.IndexOf("writel 0xfec00000 0x1"));
        Assert.Equal("OK 0x0000000000170020", first.Replies[version]);
        Assert.Equal("OK 0x0000000000170011", configurations[2].Replies[version]);
        // Remote IRR (bit 14) shows up somewhere in the level-triggered part.
        Assert.Contains(first.Replies, r => r.StartsWith("OK 0x", StringComparison.Ordinal) && (Convert.ToUInt64(r[5..], 16) & 0x4000) != 0 && r.Length == 21);
        Assert.True(first.Script.Count > 800);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void IoapicRegistersAnswerAsInQemu10(int index) =>
        QtestTranscript.Read(File)[index].AssertToolAnswersTheSame();
}
