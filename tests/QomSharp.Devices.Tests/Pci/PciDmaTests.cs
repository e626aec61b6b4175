using System;
using System.IO;
using QomSharp.Devices.Pci;
using QomSharp.Memory;
using QomSharp.Qtest;

namespace QomSharp.Devices.Tests.Pci;

/// <summary>
/// A function's DMA through its bus master space (QEMU's pci_dma_rw): nowhere while bus mastering
/// is off, to RAM without a vIOMMU and through intel-iommu's no-DMAR view while translation is
/// off, without allocating; with translation on, at the translated address, a write to a read-only
/// page refused (and recorded as a fault) while a read of it goes through.
/// </summary>
public class PciDmaTests
{
    private static (ToolRun Run, QtestSession Qtest, PciDevice Device) Start(params string[] extra)
    {
        var run = ToolRun.Of(["-machine", "q35", .. extra, "-device", "pci-testdev,id=t0,addr=5"]);
        Assert.True(run.ExitCode == 0, run.Error);
        var qtest = new QtestSession(run.Context.Qdev.SystemMemory, run.Context.Qdev.IoSpace, TextWriter.Null);
        return (run, qtest, run.Resolve<PciDevice>("/machine/peripheral/t0"));
    }

    private static void Master(QtestSession qtest, bool on)
    {
        qtest.Handle("outl 0xcf8 0x80002804");
        qtest.Handle($"outw 0xcfc {(on ? "0x6" : "0x2")}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UntranslatedDmaReachesRamOnlyWhileMasteringAndAllocatesNothing(bool iommu)
    {
        var (run, qtest, device) = Start(iommu ? ["-device", "intel-iommu"] : []);
        Assert.Equal(MemoryTransactionResult.DecodeError, device.DmaWrite(0x200000, 0x1234, 4));
        Assert.Equal("OK 0x0000000000000000", qtest.Handle("readl 0x200000").TrimEnd('\n'));
        Master(qtest, true);
        Assert.Equal(MemoryTransactionResult.Ok, device.DmaWrite(0x200000, 0x1234, 4));
        Assert.Equal("OK 0x0000000000001234", qtest.Handle("readl 0x200000").TrimEnd('\n'));
        Assert.Equal(MemoryTransactionResult.Ok, device.DmaRead(0x200000, 2, out ulong value));
        Assert.Equal(0x1234UL, value);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            device.DmaWrite(0x200000 + (ulong)(4 * i), (ulong)i, 4);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal("OK 0x00000000000003e7", qtest.Handle("readl 0x200f9c").TrimEnd('\n'));
        GC.KeepAlive(run);
    }

    [Fact]
    public void TranslatedDmaFollowsThePageTablesAndPermissions()
    {
        var (run, qtest, device) = Start("-device", "intel-iommu");
        Master(qtest, true);
        // Root entry (bus 0) -> context table; 00:05.0's context entry: 3-level table at 0x103000, domain 1.
        foreach (string line in new[]
        {
            "writeq 0x100000 0x101001", "writeq 0x101280 0x103001", "writeq 0x101288 0x101",
            "writeq 0x103000 0x104003", "writeq 0x104000 0x105003",
            "writeq 0x105008 0x301003", "writeq 0x105010 0x302001",
            "writeq 0xfed90020 0x100000", "writel 0xfed90018 0x40000000", "writel 0xfed90018 0x80000000",
        })
        {
            Assert.Equal("OK", qtest.Handle(line).TrimEnd('\n'));
        }

        Assert.Equal(MemoryTransactionResult.Ok, device.DmaWrite(0x1010, 0xabcd, 2));
        Assert.Equal("OK 0x000000000000abcd", qtest.Handle("readw 0x301010").TrimEnd('\n'));
        Assert.Equal(MemoryTransactionResult.DecodeError, device.DmaWrite(0x2000, 0x1, 1));
        Assert.Equal("OK 0x0000000000000002", qtest.Handle("readl 0xfed90034").TrimEnd('\n'));
        Assert.Equal("OK 0x80ffff0500000028", qtest.Handle("readq 0xfed90228").TrimEnd('\n'));
        Assert.Equal(MemoryTransactionResult.Ok, device.DmaRead(0x2000, 4, out _));
        // An access across the end of a 4 KiB translation is cut into bytes, each translated: the
        // first lands, the second (on the read-only page) is refused.
        Assert.Equal(MemoryTransactionResult.DecodeError, device.DmaWrite(0x1fff, 0x5566, 2));
        Assert.Equal("OK 0x0000000000000066", qtest.Handle("readb 0x301fff").TrimEnd('\n'));
        GC.KeepAlive(run);
    }

    [Fact]
    public void RepeatedFaultsReportOnceAndAllocateNothing()
    {
        var (run, qtest, device) = Start("-device", "intel-iommu");
        Master(qtest, true);
        // Translation on with a root table of zeros: every access faults (root entry not present).
        Assert.Equal("OK", qtest.Handle("writeq 0xfed90020 0x100000").TrimEnd('\n'));
        Assert.Equal("OK", qtest.Handle("writel 0xfed90018 0x40000000").TrimEnd('\n'));
        Assert.Equal("OK", qtest.Handle("writel 0xfed90018 0x80000000").TrimEnd('\n'));
        // The first faults report their texts once (and the overflow once the record is taken).
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(MemoryTransactionResult.DecodeError, device.DmaWrite(0x1000 + (ulong)(4 * i), 1, 4));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            device.DmaWrite(0x1000 + (ulong)(4 * i), (ulong)i, 4);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        GC.KeepAlive(run);
    }
}
