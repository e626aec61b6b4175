using System.Collections.Generic;
using System.Linq;
using QomSharp.Devices.Host;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Devices.Virtio;

namespace QomSharp.Devices.Tests.Virtio;

/// <summary>QEMU's resv_region_list_insert: the region inserted last wins where it overlaps (cut, split or drop).</summary>
public class ReservedRegionListTests
{
    [Theory]
    [InlineData(0x3000UL, 0x3fffUL, "0x1000:0x1fff:0 0x3000:0x3fff:1 0x5000:0x5fff:0")] // between: inserted in order
    [InlineData(0x1000UL, 0x17ffUL, "0x1000:0x17ff:1 0x1800:0x1fff:0 0x5000:0x5fff:0")] // left part of one
    [InlineData(0x1800UL, 0x1fffUL, "0x1000:0x17ff:0 0x1800:0x1fff:1 0x5000:0x5fff:0")] // right part of one
    [InlineData(0x1400UL, 0x17ffUL, "0x1000:0x13ff:0 0x1400:0x17ff:1 0x1800:0x1fff:0 0x5000:0x5fff:0")] // middle: split in three
    [InlineData(0x0UL, 0x5fffUL, "0x0:0x5fff:1")] // covers both: both dropped
    [InlineData(0x1800UL, 0x57ffUL, "0x1000:0x17ff:0 0x1800:0x57ff:1 0x5800:0x5fff:0")] // overlaps the end of one and the start of the next
    [InlineData(0x6000UL, 0x6fffUL, "0x1000:0x1fff:0 0x5000:0x5fff:0 0x6000:0x6fff:1")] // after all: appended
    public void TheLastInsertedRegionWins(ulong start, ulong last, string expected)
    {
        var list = new List<VirtioIommuReservedRegion>();
        ReservedRegionList.Insert(list, new VirtioIommuReservedRegion(new IovaRange(0x5000, 0x5fff), VirtioIommuReservedRegion.Reserved));
        ReservedRegionList.Insert(list, new VirtioIommuReservedRegion(new IovaRange(0x1000, 0x1fff), VirtioIommuReservedRegion.Reserved));
        ReservedRegionList.Insert(list, new VirtioIommuReservedRegion(new IovaRange(start, last), VirtioIommuReservedRegion.Msi));
        Assert.Equal(expected, string.Join(' ', list.Select(r => r.ToString())));
    }

    /// <summary>
    /// The PC machine sets reserved-regions itself; a list the user gave cannot be set again. QEMU
    /// aborts there (error_abort); QomSharp prints QEMU's message and exits 1.
    /// </summary>
    [Fact]
    public void AUserListOnAPcMachineIsRefusedWithQemusMessage()
    {
        const string Device = """{"driver":"virtio-iommu-pci","reserved-regions":["0x1000:0x1fff:0"]}""";
        var run = ToolRun.Of("-machine", "q35", "-device", Device);
        Assert.Equal(ToolRun.Refusal(Device, "array size property reserved-regions may not be set more than once"), run.Error);
        Assert.Equal(1, run.ExitCode);

        // An empty list sets nothing, so the machine's window goes in.
        var empty = ToolRun.Of("-machine", "q35", "-device", """{"driver":"virtio-iommu-pci","id":"vi","reserved-regions":[]}""");
        Assert.Equal(0, empty.ExitCode);
        Assert.Equal(["0xfee00000:0xfeefffff:1"], empty.Resolve<VirtioIommuPci>("/machine/peripheral/vi").ReservedRegions.Select(r => r.ToString()));
    }
}
