using System;
using System.Linq;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// I/O accesses that run past the end of the region they start in, against QEMU 10.0's answers in
/// qtest-past-end.txt (capture_past_end.py): QEMU hands such a piece whole to that region, cut only
/// to the region's widest valid access and its offset's alignment.
/// </summary>
public class PastEndAccessTests
{
    private const string File = "qtest-past-end.txt";

    public static TheoryData<int> Cases() => QtestTranscript.Indexes(File);

    [Fact]
    public void ReferenceRunsPastTheEndOfEveryRegionWhereQemuHandsThePieceWhole()
    {
        var configurations = QtestTranscript.Read(File);
        Assert.Equal(2, configurations.Count);
        var first = configurations[0];
        // The reset control byte answers a word and a dword itself; the RTC's ports repeat past their pair.
        Assert.Equal("OK 0x0000", first.Replies[first.Script.IndexOf("inw 0xcf9")]);
        Assert.Contains(first.Script, l => l == "inl 0x70");
        Assert.True(first.Script.Count(l => l.StartsWith("out", StringComparison.Ordinal)) >= 15);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AccessesPastARegionsEndAnswerAsInQemu10(int index) =>
        QtestTranscript.Read(File)[index].AssertToolAnswersTheSame();
}
