using System;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Tests;

/// <summary>Usable IOVA ranges = domain aperture minus reserved regions, and QEMU's aw-bits from them.</summary>
public class IovaRangeTests
{
    private static IovaRange R(ulong start, ulong last) => new(start, last);

    private static ReservedRegion Msi => new(0xfee00000, 0xfeefffff, ReservedRegionType.Msi);

    [Fact]
    public void ApertureComesFromSagawCappedByMgaw()
    {
        // SAGAW 4-level only, MGAW 57: the table depth limits the width to 48.
        Assert.Equal(48, SimulatedKernelIovaRanges.DomainAddressWidth(new VtdCapability(0x9ed008c40780466)));
        // SAGAW 4-level, MGAW 39 (field 38): MGAW limits the width to 39.
        ulong cap39 = (0b00100UL << 8) | (38UL << 16);
        Assert.Equal(39, SimulatedKernelIovaRanges.DomainAddressWidth(new VtdCapability(cap39)));
        Assert.Equal(R(0, 0x7fffffffff), SimulatedKernelIovaRanges.DomainAperture(new VtdCapability(cap39)));
        // SAGAW 3- and 5-level, MGAW 57: the deepest level wins.
        ulong cap57 = (0b01010UL << 8) | (56UL << 16);
        Assert.Equal(57, SimulatedKernelIovaRanges.DomainAddressWidth(new VtdCapability(cap57)));
        // SAGAW 3-level only, MGAW 48: 39.
        ulong cap3level = (0b00010UL << 8) | (47UL << 16);
        Assert.Equal(39, SimulatedKernelIovaRanges.DomainAddressWidth(new VtdCapability(cap3level)));
    }

    [Fact]
    public void SagawAbove57BitsIsIgnoredAndEmptySagawFails()
    {
        // Only the 6-level bit (index 4) set: Linux starts its search at 57 bits and finds nothing.
        Assert.Throws<InvalidOperationException>(() =>
            SimulatedKernelIovaRanges.DomainAddressWidth(new VtdCapability((0b10000UL << 8) | (63UL << 16))));
        Assert.Throws<InvalidOperationException>(() =>
            SimulatedKernelIovaRanges.DomainAddressWidth(new VtdCapability(47UL << 16)));
    }

    [Fact]
    public void MsiWindowSplitsTheAperture()
    {
        var ranges = SimulatedKernelIovaRanges.UsableRanges(R(0, 0xffffffffffff), [Msi]);
        Assert.Equal([R(0, 0xfedfffff), R(0xfef00000, 0xffffffffffff)], ranges);
        Assert.Equal(48, SimulatedKernelIovaRanges.HostAwBits(ranges));
    }

    [Fact]
    public void OverlappingRegionsMergeBeforeSubtracting()
    {
        var ranges = SimulatedKernelIovaRanges.UsableRanges(R(0, 0xffff),
        [
            new ReservedRegion(0x1000, 0x2fff, ReservedRegionType.Reserved),
            new ReservedRegion(0x2000, 0x4fff, ReservedRegionType.Direct),
            new ReservedRegion(0x8000, 0x8fff, ReservedRegionType.Msi),
        ]);
        Assert.Equal([R(0, 0xfff), R(0x5000, 0x7fff), R(0x9000, 0xffff)], ranges);
    }

    [Fact]
    public void AdjacentRegionsLeaveNoSliverBetweenThem()
    {
        var ranges = SimulatedKernelIovaRanges.UsableRanges(R(0, 0xffff),
        [
            new ReservedRegion(0x3000, 0x3fff, ReservedRegionType.Reserved),
            new ReservedRegion(0x1000, 0x2fff, ReservedRegionType.Reserved),
        ]);
        Assert.Equal([R(0, 0xfff), R(0x4000, 0xffff)], ranges);
    }

    [Fact]
    public void RegionsOutsideOrAcrossTheApertureEdgesAreClipped()
    {
        var ranges = SimulatedKernelIovaRanges.UsableRanges(R(0, 0x7fffffffff),
        [
            new ReservedRegion(0x8000000000, 0xffffffffff, ReservedRegionType.Reserved), // wholly above
            new ReservedRegion(0x7ffff00000, 0x80000fffff, ReservedRegionType.Reserved), // across the top
            new ReservedRegion(0, 0xfff, ReservedRegionType.Reserved), // at the bottom
        ]);
        Assert.Equal([R(0x1000, 0x7fffefffff)], ranges);
        Assert.Equal(39, SimulatedKernelIovaRanges.HostAwBits(ranges));
    }

    [Fact]
    public void DirectRelaxableRegionsAreNotEnforced()
    {
        var relaxable = new ReservedRegion(0x7bb24000, 0x7bb32fff, ReservedRegionType.DirectRelaxable);
        var direct = relaxable with { Type = ReservedRegionType.Direct };
        Assert.Single(SimulatedKernelIovaRanges.UsableRanges(R(0, 0xffffffff), [relaxable]));
        Assert.Equal(2, SimulatedKernelIovaRanges.UsableRanges(R(0, 0xffffffff), [direct]).Count);
    }

    [Fact]
    public void HoleCoveringEverythingLeavesNothing()
    {
        Assert.Empty(IovaRangeSet.Subtract([R(0x1000, 0x1fff)], [R(0, ulong.MaxValue)]));
        Assert.Equal([R(0, 0xfff)], IovaRangeSet.Subtract([R(0, ulong.MaxValue)], [R(0x1000, ulong.MaxValue)]));
    }

    [Fact]
    public void NormalizeMergesTouchingAndKeepsGaps()
    {
        Assert.Equal([R(0, 0x2fff), R(0x4000, 0x4fff)],
            IovaRangeSet.Normalize([R(0x4000, 0x4fff), R(0x1000, 0x2fff), R(0, 0xfff)]));
        Assert.Equal([R(0, ulong.MaxValue)], IovaRangeSet.Normalize([R(0, 10), R(11, ulong.MaxValue)]));
    }

    [Theory]
    [InlineData(0x7fffffffffUL, 39)]
    [InlineData(0xffffffffffffUL, 48)]
    [InlineData(0x1ffffffffffffffUL, 57)]
    [InlineData(0xffffffffffffffffUL, 64)]
    [InlineData(0x8000000000UL, 40)]
    [InlineData(0xfedfffffUL, 32)]
    [InlineData(0UL, 0)]
    public void AwBitsIsTheTopBitOfTheLastRangePlusOne(ulong last, int awBits) =>
        Assert.Equal(awBits, SimulatedKernelIovaRanges.HostAwBits([R(0, 0), R(0, last)]));

    [Fact]
    public void NoRangesMeansSixtyFourBits() =>
        Assert.Equal(64, SimulatedKernelIovaRanges.HostAwBits([]));

    [Fact]
    public void InvertedRangeIsRejected() =>
        Assert.Throws<ArgumentException>(() => new IovaRange(2, 1));
}
