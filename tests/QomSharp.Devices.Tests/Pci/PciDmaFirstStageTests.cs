using System;
using System.IO;
using QomSharp.Devices.Pci;
using QomSharp.Memory;
using QomSharp.Qtest;

namespace QomSharp.Devices.Tests.Pci;

/// <summary>
/// Reads through intel-iommu's first-stage translation (<c>x-flts=on</c>), which the qtest
/// capture cannot make (ich9-ahci's DMA there only writes): as QEMU 10.0's vtd_iova_to_flpte, a
/// read sets the accessed bit of every level and not the dirty bit, a read-only page reads, and
/// the IOTLB entry a read made is used by a later write as it stands (a write to a page the read
/// found writable sets no dirty bit; one to a read-only page is refused with no fault recorded)
/// until an invalidation drops it; a walk sets the dirty bit only where the accessed bit was clear.
/// </summary>
public class PciDmaFirstStageTests
{
    [Fact]
    public void ReadsSetAccessedOnlyAndTheirIotlbEntriesServeWrites()
    {
        var run = ToolRun.Of("-machine", "q35", "-device", "intel-iommu,x-scalable-mode=on,x-flts=on", "-device", "pci-testdev,id=t0,addr=5");
        Assert.True(run.ExitCode == 0, run.Error);
        var qtest = new QtestSession(run.Context.Qdev.SystemMemory, run.Context.Qdev.IoSpace, TextWriter.Null);
        var device = run.Resolve<PciDevice>("/machine/peripheral/t0");
        string Do(string line) => qtest.Handle(line).TrimEnd('\n');

        // Bus mastering; root entry (lower half) -> context table; 00:05.0's 256-bit context entry ->
        // PASID directory -> RID2PASID 0's entry: first stage (PGTT 1), AW 2, domain 1, FSPTPTR 0x103000.
        foreach (string line in new[]
        {
            "outl 0xcf8 0x80002804", "outw 0xcfc 0x6",
            "writeq 0x100000 0x101001", "writeq 0x101500 0x107001", "writeq 0x107000 0x108001",
            "writeq 0x108000 0x49", "writeq 0x108008 0x1", "writeq 0x108010 0x103000",
            "writeq 0x103000 0x104007", "writeq 0x104000 0x105007", "writeq 0x105000 0x106007",
            "writeq 0x106008 0x301007", "writeq 0x106010 0x302005",
            "writeq 0xfed90020 0x100400", "writel 0xfed90018 0x40000000", "writel 0xfed90018 0x80000000",
        })
        {
            Assert.Equal("OK", Do(line));
        }

        // A read: accessed on every level, no dirty bit.
        Assert.Equal(MemoryTransactionResult.Ok, device.DmaRead(0x1010, 4, out _));
        Assert.Equal("OK 0x0000000000104027", Do("readq 0x103000"));
        Assert.Equal("OK 0x0000000000301027", Do("readq 0x106008"));
        // A write served by the read's IOTLB entry: it lands, and the dirty bit stays clear.
        Assert.Equal(MemoryTransactionResult.Ok, device.DmaWrite(0x1010, 0xabcd, 2));
        Assert.Equal("OK 0x000000000000abcd", Do("readw 0x301010"));
        Assert.Equal("OK 0x0000000000301027", Do("readq 0x106008"));
        // A read-only page reads; a write to it is refused by the cached permissions, no fault recorded.
        Assert.Equal(MemoryTransactionResult.Ok, device.DmaRead(0x2000, 4, out _));
        Assert.Equal("OK 0x0000000000302025", Do("readq 0x106010"));
        Assert.Equal(MemoryTransactionResult.DecodeError, device.DmaWrite(0x2000, 0x1, 1));
        Assert.Equal("OK 0x0000000000000000", Do("readl 0xfed90034"));
        // After a global IOTLB invalidation the walk runs again: with A already set the write sets no
        // D (QEMU writes A|D back only where neither is set); with A cleared by the guest it sets both.
        // The read-only page's write faults (reason 0x85, PASID 0 present, write).
        Assert.Equal("OK", Do("writeq 0xfed900f8 0x9000000000000000"));
        Assert.Equal(MemoryTransactionResult.Ok, device.DmaWrite(0x1010, 0x1234, 2));
        Assert.Equal("OK 0x0000000000301027", Do("readq 0x106008"));
        Assert.Equal("OK", Do("writeq 0x106008 0x301007"));
        Assert.Equal("OK", Do("writeq 0xfed900f8 0x9000000000000000"));
        Assert.Equal(MemoryTransactionResult.Ok, device.DmaWrite(0x1010, 0x5678, 2));
        Assert.Equal("OK 0x0000000000301067", Do("readq 0x106008"));
        Assert.Equal(MemoryTransactionResult.DecodeError, device.DmaWrite(0x2000, 0x1, 1));
        Assert.Equal("OK 0x0000000000000002", Do("readl 0xfed90034"));
        Assert.Equal("OK 0x8000008580000028", Do("readq 0xfed90228"));
        GC.KeepAlive(run);
    }
}
