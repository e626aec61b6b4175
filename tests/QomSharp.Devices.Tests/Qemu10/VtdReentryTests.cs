using System.Linq;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// A guest's loop between intel-iommu's queued invalidation and ich9-ahci's MSI, against QEMU
/// 10.0's answers (capture_vtd_registers.py, qtest-vtd-reentry.txt): ich9-ahci's message aimed at
/// IQT with an interrupt pending, and a wait descriptor whose status write sets ich9-ahci's GHC.IE.
/// Writing IQT sends the message back into the IQT write still running; the memory dispatch's
/// re-entrancy guard drops it as QEMU's does (one warning on stderr) instead of recursing until
/// the stack runs out. Then a message reaching IQT from the CPU's write to ich9-ahci goes
/// through (another device), while a status write that message's wait aims back at ich9-ahci is
/// dropped and fails the descriptor (FSTS.IQE).
/// </summary>
public class VtdReentryTests
{
    private const string File = "qtest-vtd-reentry.txt";

    [Fact]
    public void ReferenceDropsTheReentrantWrites()
    {
        var legacy = QtestTranscript.Read(File).Single();
        // IQT = 0x10: the head reached it once, no error; the status word is in GHC (IE on).
        int start = legacy.Script.IndexOf("writeq 0xfed90088 0x10");
        Assert.Equal(
            ["OK 0x0000000000000010", "OK 0x0000000000000010", "OK 0x0000000000000000"],
            legacy.Replies.GetRange(start + 1, 3));
        Assert.Equal("OK 0x0000000080000002", legacy.Replies[start + 5]);
        // The message from the CPU's GHC write ran descriptor 1 (status 0x55 in RAM); the next one's
        // status write to GHC failed: the head stays, FSTS.IQE.
        Assert.Equal("OK 0x0000000000000055", legacy.Replies[legacy.Script.IndexOf("readq 0x200000")]);
        Assert.Equal("OK 0x0000000000000010", legacy.Replies[^2]);
        Assert.StartsWith("qemu-system-x86_64: warning: Blocked re-entrant IO on MemoryRegion: intel_iommu at addr: 0x88\n", Qemu10Reference.Read("qtest-vtd-reentry-stderr.txt"));
    }

    [Fact]
    public void ReentrantWritesAreDroppedAsInQemu10()
    {
        // The guard's warning, then the queue error's fault event text ("Interrupt Mask set, irq is not generated").
        string error = Qemu10Reference.Read("qtest-vtd-reentry-stderr.txt");
        QtestTranscript.Read(File).Single().AssertToolAnswersTheSame(error.Replace("qemu-system-x86_64:", "qomsharp:"));
    }
}
