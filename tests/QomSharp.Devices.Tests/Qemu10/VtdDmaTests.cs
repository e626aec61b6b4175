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

    public static TheoryData<int> Configurations() => QtestTranscript.Indexes(File);

    public static TheoryData<int> ScalableConfigurations() => QtestTranscript.Indexes(ScalableFile);

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
