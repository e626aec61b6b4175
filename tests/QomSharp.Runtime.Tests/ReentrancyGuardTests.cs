using System;
using System.Collections.Generic;
using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Runtime.Tests;

/// <summary>
/// The memory dispatch's re-entrancy guard (QEMU 10.0's access_with_adjusted_size): while a
/// device's I/O region runs its callbacks, an access to any I/O region of the same device is
/// dropped (a read gives 0) with one warning a process; accesses to other devices, to RAM and to
/// regions exempt from the guard go through, and the guard is released when a callback throws.
/// </summary>
public class ReentrancyGuardTests
{
    private sealed class GuardDevice : Device
    {
    }

    // Records each access; a write of 0xee throws; a write of an address (other than 0) makes the
    // same-sized write of 0x5a there and records what a read there gives.
    private sealed class Forwarder(string name, AddressSpace space, List<string> log) : IMemoryRegionOps
    {
        public ulong Read(ulong offset, int size)
        {
            log.Add($"{name} read 0x{offset:x}");
            return 0x77;
        }

        public void Write(ulong offset, ulong value, int size)
        {
            log.Add($"{name} write 0x{offset:x} 0x{value:x}");
            if (value == 0xee)
            {
                throw new QomException("callback failed");
            }

            if (value >= 0x1000)
            {
                bool written = space.TryWrite(value, 0x5a, 4);
                log.Add($"{name} nested write {(written ? "done" : "dropped")}, read 0x{space.Read(value, 4):x}");
            }
        }
    }

    private sealed record Setup(AddressSpace Space, List<string> Log, List<string> Warnings, MemoryRegion Ram);

    // Device A: regions at 0x1000 and 0x2000; device B: a region at 0x3000; A's "ram" (RAM kind) at
    // 0x4000 and its guard-exempt region at 0x5000.
    private static Setup Build()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("guard-device", "device") { Factory = static () => new GuardDevice() });
        var a = u.New("guard-device");
        var b = u.New("guard-device");
        var log = new List<string>();
        var warnings = new List<string>();
        u.Context.Qdev.Warning += warnings.Add;
        var space = new AddressSpace("memory");
        space.Map(0x1000, MemoryRegion.Create(a, "a-one", 0x100, new Forwarder("a-one", space, log)));
        space.Map(0x2000, MemoryRegion.Create(a, "a-two", 0x100, new Forwarder("a-two", space, log)));
        space.Map(0x3000, MemoryRegion.Create(b, "b-one", 0x100, new Forwarder("b-one", space, log)));
        var ram = MemoryRegion.Create(a, "a-ram", 0x100, new Forwarder("a-ram", space, log));
        ram.Kind = MemoryRegionKind.Ram;
        space.Map(0x4000, ram);
        var exempt = MemoryRegion.Create(a, "a-exempt", 0x100, new Forwarder("a-exempt", space, log));
        exempt.DisableReentrancyGuard = true;
        space.Map(0x5000, exempt);
        return new Setup(space, log, warnings, ram);
    }

    [Fact]
    public void ANestedAccessToTheSameDeviceIsDroppedAndReadsZero()
    {
        var s = Build();
        s.Space.Write(0x1000, 0x2004, 4);
        Assert.Equal(["a-one write 0x0 0x2004", "a-one nested write dropped, read 0x0"], s.Log);
        // Its own region too, and through another device back to the first one.
        s.Log.Clear();
        s.Space.Write(0x1010, 0x1008, 4);
        s.Space.Write(0x3000, 0x3010, 4);
        Assert.Equal(
            ["a-one write 0x10 0x1008", "a-one nested write dropped, read 0x0", "b-one write 0x0 0x3010", "b-one nested write dropped, read 0x0"],
            s.Log);
        // QEMU warns once a process, with the region's name and the offset in it (hex in capitals).
        Assert.Equal(["Blocked re-entrant IO on MemoryRegion: a-two at addr: 0x4\n"], s.Warnings);
    }

    [Fact]
    public void AnotherDevicesRegionIsNotBlocked()
    {
        var s = Build();
        // A's write reaches B, whose write reaches A's other region: A is engaged, so that one is dropped.
        s.Space.Write(0x1000, 0x3000, 4);
        Assert.Equal(["a-one write 0x0 0x3000", "b-one write 0x0 0x5a", "b-one read 0x0", "a-one nested write done, read 0x77"], s.Log);
        s.Log.Clear();
        s.Space.Write(0x3000, 0x1000, 4);
        Assert.Equal(["b-one write 0x0 0x1000", "a-one write 0x0 0x5a", "a-one read 0x0", "b-one nested write done, read 0x77"], s.Log);
        Assert.Empty(s.Warnings);
    }

    [Fact]
    public void RamAndExemptRegionsAreOutsideTheGuard()
    {
        var s = Build();
        s.Space.Write(0x1000, 0x4000, 4);
        s.Space.Write(0x1000, 0x5000, 4);
        s.Space.Write(0x4000, 0x1000, 4);
        Assert.Equal(
            ["a-one write 0x0 0x4000", "a-ram write 0x0 0x5a", "a-ram read 0x0", "a-one nested write done, read 0x77",
             "a-one write 0x0 0x5000", "a-exempt write 0x0 0x5a", "a-exempt read 0x0", "a-one nested write done, read 0x77",
             "a-ram write 0x0 0x1000", "a-one write 0x0 0x5a", "a-one read 0x0", "a-ram nested write done, read 0x77"],
            s.Log);
        Assert.Empty(s.Warnings);
        Assert.Equal(MemoryRegionKind.Ram, s.Ram.Kind);
    }

    [Fact]
    public void TheGuardIsReleasedWhenACallbackThrows()
    {
        var s = Build();
        Assert.Throws<QomException>(() => s.Space.Write(0x1000, 0xee, 4));
        s.Log.Clear();
        Assert.Equal(0x77UL, s.Space.Read(0x2000, 4));
        s.Space.Write(0x2000, 0x3000, 4);
        Assert.Equal(["a-two read 0x0", "a-two write 0x0 0x3000", "b-one write 0x0 0x5a", "b-one read 0x0", "a-two nested write done, read 0x77"], s.Log);
        Assert.Empty(s.Warnings);
    }
}
