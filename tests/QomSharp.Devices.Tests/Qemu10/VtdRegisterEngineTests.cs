namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// intel-iommu's DMAR register engine over qtest against QEMU 10.0's answers (capture_vtd_registers.py),
/// for each configuration (legacy, scalable mode, interrupt remapping with EIM and off, caching mode
/// with device IOTLB, dma-translation=off, aw-bits=39, pc-q35-9.1): every register's writable,
/// write-1-to-clear and write-only bits in 4- and 8-byte writes and the narrow and unaligned
/// accesses (qtest-vtd-registers.txt); the global command register, register-based and queued
/// invalidation with descriptors and wait status words in guest RAM, and the errors that set
/// FSTS.IQE (qtest-vtd-invalidation.txt).
/// </summary>
public class VtdRegisterEngineTests
{
    private const string Registers = "qtest-vtd-registers.txt";
    private const string Invalidation = "qtest-vtd-invalidation.txt";

    public static TheoryData<int> RegisterCases() => QtestTranscript.Indexes(Registers);

    public static TheoryData<int> InvalidationCases() => QtestTranscript.Indexes(Invalidation);

    [Fact]
    public void ReferenceProgramsTheEngine()
    {
        var configurations = QtestTranscript.Read(Invalidation);
        Assert.Equal(8, configurations.Count);
        var legacy = configurations[0];
        // The wait descriptor's status word reached RAM, and the queue stopped at a bad descriptor.
        Assert.Contains("OK 0x00000000deadbeef", legacy.Replies);
        int error = legacy.Script.IndexOf("writeq 0x1000e0 0x45");
        Assert.True(error > 0);
        Assert.Equal("OK 0x0000000000000010", legacy.Replies[legacy.Script.IndexOf("readl 0xfed90034", error)]);
        Assert.True(QtestTranscript.Read(Registers)[0].Script.Count > 1000);
    }

    [Theory]
    [MemberData(nameof(RegisterCases))]
    public void RegistersAnswerAsInQemu10(int index) =>
        QtestTranscript.Read(Registers)[index].AssertToolAnswersTheSame();

    [Theory]
    [MemberData(nameof(InvalidationCases))]
    public void InvalidationAnswersAsInQemu10(int index) =>
        QtestTranscript.Read(Invalidation)[index].AssertToolAnswersTheSame(Qemu10Reference.StderrOfEachConfiguration("qtest-vtd-invalidation-stderr.txt")[index]);
}
