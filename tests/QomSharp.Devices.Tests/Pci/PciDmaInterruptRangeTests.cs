using System;
using System.IO;
using QomSharp.Devices.Pci;
using QomSharp.Memory;
using QomSharp.Qtest;

namespace QomSharp.Devices.Tests.Pci;

/// <summary>
/// A legacy-mode translation into the interrupt window (QEMU 10.0's vtd_do_iommu_translate):
/// refused with fault reason 0xe, which is a qualified fault, so a context entry's FPD keeps it
/// from being recorded.
/// </summary>
public class PciDmaInterruptRangeTests
{
    [Theory]
    [InlineData(false, "OK 0x0000000000000002", "OK 0x80ffff0e00000028")]
    [InlineData(true, "OK 0x0000000000000000", "OK 0x0000000000000000")]
    public void InterruptWindowTranslationFaultsUnlessFpd(bool fpd, string status, string record)
    {
        var run = ToolRun.Of("-machine", "q35", "-device", "intel-iommu", "-device", "pci-testdev,id=t0,addr=5");
        Assert.True(run.ExitCode == 0, run.Error);
        var qtest = new QtestSession(run.Context.Qdev.SystemMemory, run.Context.Qdev.IoSpace, TextWriter.Null);
        var device = run.Resolve<PciDevice>("/machine/peripheral/t0");
        // 00:05.0's context entry (FPD as given): a 4-level table whose page 0x1000 maps 0xfee00000.
        foreach (string line in new[]
        {
            "outl 0xcf8 0x80002804", "outw 0xcfc 0x6",
            "writeq 0x100000 0x101001", $"writeq 0x101280 {(fpd ? "0x102003" : "0x102001")}", "writeq 0x101288 0x102",
            "writeq 0x102000 0x103003", "writeq 0x103000 0x104003", "writeq 0x104000 0x105003", "writeq 0x105008 0xfee00003",
            "writeq 0xfed90020 0x100000", "writel 0xfed90018 0x40000000", "writel 0xfed90018 0x80000000",
        })
        {
            Assert.Equal("OK", qtest.Handle(line).TrimEnd('\n'));
        }

        Assert.Equal(MemoryTransactionResult.DecodeError, device.DmaWrite(0x1000, 0x1, 4));
        Assert.Equal(status, qtest.Handle("readl 0xfed90034").TrimEnd('\n'));
        Assert.Equal(record, qtest.Handle("readq 0xfed90228").TrimEnd('\n'));
        GC.KeepAlive(run);
    }
}
