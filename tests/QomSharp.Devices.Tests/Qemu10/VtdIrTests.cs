using System;
using System.Collections.Generic;
using System.IO;
using QomSharp.Devices.I386;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Qtest;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// Interrupt remapping through intel-iommu against QEMU 10.0 (capture_vtd_ir.py, qtest-vtd-ir.txt
/// and its stderr): ich9-ahci's MSI into the interrupt window, IR off and on, compatibility and
/// remappable formats, the table's size, SHV, FPD, not-present and reserved entries, source
/// validation (SVT 1 with each SQ, SVT 2's bus range as QEMU reads it, SVT 3), nothing cached, IEC
/// descriptors; every reply (the fault recording state) and QEMU's error_report texts compared.
/// </summary>
public class VtdIrTests
{
    private const string File = "qtest-vtd-ir.txt";

    public static TheoryData<int> Configurations() => QtestTranscript.Indexes(File);

    [Theory]
    [MemberData(nameof(Configurations))]
    public void InterruptRemappingIsQemu10s(int index)
    {
        var transcript = QtestTranscript.Read(File)[index];
        transcript.AssertToolAnswersTheSame(Qemu10Reference.StderrOfEachConfiguration("qtest-vtd-ir-stderr.txt")[index]);
    }

    /// <summary>The capture holds the faults it is about (the reference itself, checked).</summary>
    [Fact]
    public void ReferenceRecordsInterruptFaults()
    {
        var first = QtestTranscript.Read(File)[0];
        // IRE before any SIRTP: index 0 overflows (reason 0x21) from 00:1f.2, FI's index 0.
        Assert.Contains("OK 0x80000021000000fa", first.Replies);
        // The wrong source with SVT 1 (reason 0x26) at index 6: FI[63:48] = 6.
        Assert.Contains("OK 0x0006000000000000", first.Replies);
        Assert.Contains("OK 0x80000026000000fa", first.Replies);
    }

    /// <summary>
    /// What qtest cannot see: the remapped message the APIC gets (vector, destination in xAPIC and
    /// extended mode, modes), the IOAPIC's messages (no source id: no source validation), a dropped message.
    /// </summary>
    [Fact]
    public void RemappedMessageIsBuiltFromTheEntry()
    {
        var run = ToolRun.Of(["-machine", "q35", "-device", "intel-iommu,id=iommu"]);
        Assert.True(run.ExitCode == 0, run.Error);
        var qtest = new QtestSession(run.Context.Qdev.SystemMemory, run.Context.Qdev.IoSpace, TextWriter.Null);
        var registers = run.Resolve<IntelIommu>("/machine/peripheral/iommu").Registers!;
        var delivered = new List<(ulong Address, uint Data)>();
        registers.DeliverInterrupt = (a, d) => delivered.Add((a, d));
        // Entry 1: vector 0x45, destination 0x23 (xAPIC: DST[15:8]), DM, RH, TM, lowest priority; SVT 1 for 00:1f.2.
        ulong low = 1 | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (0x45UL << 16) | (0x0012_2300UL << 32);
        qtest.Handle($"writeq 0x100010 0x{low:x}");
        qtest.Handle($"writeq 0x100018 0x{0x00fa | (1UL << 18):x}");
        qtest.Handle("writeq 0xfed900b8 0x100003");
        qtest.Handle("writel 0xfed90018 0x3000000");

        Assert.Equal("OK 0x0000000003000000", qtest.Handle("readl 0xfed9001c").TrimEnd('\n'));
        Assert.Equal((0x10_0000UL, 16u, false), registers.InterruptRemappingTable);
        Assert.True(registers.InterruptWindowWrite(0x30 | 1, 0, 0x00fa));
        Assert.Equal((0xfee2_3000UL | 8 | 4 | 1, 0x45u | 0x100 | 0x4000 | 0x8000), delivered[^1]);
        Assert.True(registers.InterruptWindowWrite(0x30, 0, DmarRegisters.UnknownSource));
        Assert.False(registers.InterruptWindowWrite(0x30, 0, 0x00fb));
        Assert.True(registers.InterruptWindowWrite(0x1000, 0x31, 0x00fb));
        Assert.Equal((0xfee0_1000UL, 0x31u), delivered[^1]);
        Assert.Equal(3, delivered.Count);

        // The IOAPIC's messages come through intel-iommu with no source id: SVT 1 for another requester passes.
        var ioapic = run.Resolve<Ioapic>("/machine/q35/ioapic");
        Assert.NotNull(ioapic.MessageSink);
        ioapic.MessageSink!(0xfee0_0030, 0x45);
        Assert.Equal(4, delivered.Count);
        qtest.Handle("writeq 0x100018 0x400fb");
        Assert.False(registers.InterruptWindowWrite(0x30, 0, 0x00fa));
        ioapic.MessageSink!(0xfee0_0030, 0x45);
        Assert.Equal(5, delivered.Count);
        qtest.Handle("writeq 0x100018 0x400fa");

        // Extended mode (IRTA.EIME): the 32-bit destination, its bits above 7 in the address's high half.
        qtest.Handle("writeq 0xfed900b8 0x100803");
        qtest.Handle("writel 0xfed90018 0x3000000");
        Assert.True(registers.InterruptWindowWrite(0x30, 0, 0x00fa));
        Assert.Equal((0x0012_2300UL << 32) | 0xfee0_0000UL | 8 | 4, delivered[^1].Address);
        GC.KeepAlive(run);
    }
}
