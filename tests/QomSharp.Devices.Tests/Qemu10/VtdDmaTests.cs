using System;
using System.Collections.Generic;
using System.Linq;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// DMA remapping through intel-iommu against QEMU 10.0 (capture_vtd_dma.py, qtest-vtd-dma.txt and
/// its stderr): ich9-ahci's initial D2H FIS and its MSI through the device's bus master space,
/// translated by the root, context and page tables the guest built in RAM (4 KiB, 2 MiB and 1 GiB
/// pages, pass-through), the faults recorded (unmapped, read-only, reserved bits, not-present
/// entries, beyond the address width, unsupported widths and types, FPD), the IOTLB and context
/// cache kept until each kind of invalidation drops them, TE on and off; every reply and
/// QEMU's error_report texts compared, for each configuration.
/// </summary>
public class VtdDmaTests
{
    private const string File = "qtest-vtd-dma.txt";

    private const string ScalableFile = "qtest-vtd-dma-scalable.txt";

    private const string FirstStageFile = "qtest-vtd-dma-first-stage.txt";

    public static TheoryData<int> Configurations() => QtestTranscript.Indexes(File);

    public static TheoryData<int> ScalableConfigurations() => QtestTranscript.Indexes(ScalableFile);

    public static TheoryData<int> FirstStageConfigurations() => QtestTranscript.Indexes(FirstStageFile);

    private const string AllOnesFile = "qtest-vtd-dma-all-ones.txt";

    public static TheoryData<int> AllOnesConfigurations() => QtestTranscript.Indexes(AllOnesFile);

    /// <summary>
    /// A paging entry the guest wrote as all ones, at each level of the walk (capture_vtd_dma.py's
    /// all_ones_script: legacy, scalable second-level, x-flts first stage): taken as a failed read
    /// (QEMU's vtd_get_pte gives all ones for one), the top level's fault (context entry invalid,
    /// FSPTPTR invalid) and the lower levels' (paging entry invalid), QEMU's texts.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllOnesConfigurations))]
    public void AllOnesEntriesAreUnreadable(int index)
    {
        var transcript = QtestTranscript.Read(AllOnesFile)[index];
        // The reference holds the faults it is about: the top level's reason, then the lower levels'.
        string[] reasons = index == 2 ? ["73", "70"] : ["03", "07"];
        var records = transcript.Script.Select((line, i) => (line, i)).Where(p => p.line == "readq 0xfed90228")
            .Select(p => transcript.Replies[p.i]).ToList();
        Assert.Equal(reasons[0], records[0].Substring(11, 2));
        Assert.All(records.Skip(1).Take(3), r => Assert.Equal(reasons[1], r.Substring(11, 2)));
        transcript.AssertToolAnswersTheSame(Qemu10Reference.StderrOfEachConfiguration("qtest-vtd-dma-all-ones-stderr.txt")[index]);
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void RemappingIsQemu10s(int index)
    {
        var transcript = QtestTranscript.Read(File)[index];
        transcript.AssertToolAnswersTheSame(Qemu10Reference.StderrOfEachConfiguration("qtest-vtd-dma-stderr.txt")[index]);
    }

    /// <summary>
    /// Scalable mode (capture_vtd_dma.py's SM_CONFIGS): the root entry's upper half, the 256-bit
    /// context entry, RID2PASID's PASID directory and table entries (second-level, pass-through,
    /// the types and widths refused, not present, FPD), faults with PP/PV, PASID-based IOTLB
    /// invalidation from a 256-bit queue.
    /// </summary>
    [Theory]
    [MemberData(nameof(ScalableConfigurations))]
    public void ScalableRemappingIsQemu10s(int index)
    {
        var transcript = QtestTranscript.Read(ScalableFile)[index];
        transcript.AssertToolAnswersTheSame(Qemu10Reference.StderrOfEachConfiguration("qtest-vtd-dma-scalable-stderr.txt")[index]);
    }

    /// <summary>
    /// First-stage translation (capture_vtd_dma.py's FS_CONFIGS, <c>x-flts=on</c> with and without
    /// <c>fs1gp</c>): 4 KiB, 2 MiB and 1 GiB pages, the accessed and dirty bits written back into the
    /// guest's tables (read back over qtest), canonical addresses for the PASID entry's width, each
    /// level's not-present, reserved, supervisor, read-only and unreadable entries, the PASID entry's
    /// types and paging modes refused, the IOTLB kept until a register-based, queued or PASID-based
    /// invalidation drops its first-stage entries, faults with their reasons, QEMU's texts.
    /// </summary>
    [Theory]
    [MemberData(nameof(FirstStageConfigurations))]
    public void FirstStageRemappingIsQemu10s(int index)
    {
        var transcript = QtestTranscript.Read(FirstStageFile)[index];
        transcript.AssertToolAnswersTheSame(Qemu10Reference.StderrOfEachConfiguration("qtest-vtd-dma-first-stage-stderr.txt")[index]);
    }

    /// <summary>The first-stage capture holds what its cases are about (the reference itself, checked).</summary>
    [Fact]
    public void FirstStageReferenceWalksAndFaults()
    {
        var first = QtestTranscript.Read(FirstStageFile)[0];
        string Reply(string line) => first.Replies[first.Script.IndexOf(line)];

        // The 4 KiB page's walk: A on every level, A and D on the leaf; a leaf whose A was already set keeps D clear.
        Assert.Equal("OK 0x000000000010c027", Reply("readq 0x10b000"));
        Assert.Equal("OK 0x0000000000300067", Reply("readq 0x10e080"));
        Assert.Equal("OK 0x0000000000308027", Reply("readq 0x10e0b8"));
        // CAP.FS1GP with fs1gp=on only.
        Assert.Equal("OK 0x01d2008c222f0606", Reply("readq 0xfed90008"));
        Assert.Equal("OK 0x00d2008c222f0606", QtestTranscript.Read(FirstStageFile)[1].Replies[0]);
        // A write to a read-only page: reason 0x85, PASID 0 present (PP), at IOVA 0x11000.
        int at = first.Script.IndexOf("readq 0x301040");
        Assert.Equal(["OK 0x0000000000011000", "OK 0x80000085800000fa"], first.Replies.GetRange(at + 6, 2));
    }

    /// <summary>The capture holds what the cases are about (the reference itself, checked).</summary>
    [Fact]
    public void ReferenceTranslatesAndFaults()
    {
        var legacy = QtestTranscript.Read(File)[0];
        // The 4 KiB page: the FIS (type 0x34, interrupt bit, status 0x50, error 1 ...) at 0x300040.
        Assert.Equal("OK 0xa0ffff0100504034", legacy.Replies[legacy.Script.IndexOf("readq 0x300040")]);
        // The unmapped IOVA: nothing in RAM, the message through its own mapping, PxIS.DHRS, FSTS.PPF,
        // a write fault (reason 5, no PASID: PV 0xffff) from 00:1f.2 at IOVA 0x12000, FECTL.IM|IP.
        int at = legacy.Script.IndexOf("readq 0x302040");
        Assert.Equal(
            ["OK 0x0000000000000000", "OK 0x0000000000000000", "OK 0x0000000000000000", "OK 0x0000000000004321", "OK 0x0000000000000001",
             "OK 0x0000000000000002", "OK 0x0000000000012000", "OK 0x80ffff05000000fa", "OK 0x00000000c0000000"],
            legacy.Replies.GetRange(at, 9));
    }
}
