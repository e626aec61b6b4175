using System.Collections.Generic;
using QomSharp.Memory;

namespace QomSharp.Runtime.Tests;

/// <summary>
/// How an access that runs past what answers at its first byte is dispatched: as QEMU's
/// flatview_read/write_continue do, the piece goes to what answers at its first byte, even past that
/// region's end (the region's widest access, 4 bytes unless it says otherwise, at most, bounded by
/// the alignment of the address in the region), and the rest starts over.
/// </summary>
public class AddressSpaceDispatchTests
{
    // Answers each byte offset + 0x10 (little endian) and records the accesses.
    private sealed class Bytes(string name, List<string> log) : IMemoryRegionOps
    {
        public ulong Read(ulong offset, int size)
        {
            log.Add($"{name} read 0x{offset:x}/{size}");
            ulong value = 0;
            for (int i = 0; i < size; i++)
            {
                value |= ((offset + (ulong)i + 0x10) & 0xff) << (8 * i);
            }

            return value;
        }

        public void Write(ulong offset, ulong value, int size) => log.Add($"{name} write 0x{offset:x}/{size} 0x{value:x}");
    }

    private static (AddressSpace Space, List<string> Log) OlderAndNewer()
    {
        var u = new TestUniverse();
        u.DefineObject("box");
        var owner = u.New("box");
        var log = new List<string>();
        var space = new AddressSpace("memory");
        space.Map(0x1000, MemoryRegion.Create(owner, "older", 0x1000, new Bytes("older", log)));
        space.Map(0x1800, MemoryRegion.Create(owner, "newer", 0x100, new Bytes("newer", log)));
        return (space, log);
    }

    [Fact]
    public void AnAccessOverTheNewerMappingsEndIsSplit()
    {
        var (space, log) = OlderAndNewer();

        // Two bytes from the newer mapping's end, two from the older one visible after it.
        Assert.Equal(0x1110_0f0eUL, space.Read(0x18fe, 4));
        Assert.Equal(["newer read 0xfe/2", "older read 0x900/2"], log);
    }

    [Fact]
    public void AnAccessIntoTheNewerMappingIsSplitAtTheAlignment()
    {
        var (space, log) = OlderAndNewer();

        // The older mapping answers at the first byte: one byte there (address 0x7ff is odd), then
        // the rest goes to the newer one.
        Assert.Equal(0x1211_100fUL, space.Read(0x17ff, 4));
        Assert.Equal(["older read 0x7ff/1", "newer read 0x0/2", "newer read 0x2/1"], log);
        log.Clear();
        space.Write(0x17fe, 0xaabbccdd, 4);
        Assert.Equal(["older write 0x7fe/2 0xccdd", "newer write 0x0/2 0xaabb"], log);
    }

    [Fact]
    public void AnAccessInsideOneMappingGoesWhole()
    {
        var (space, log) = OlderAndNewer();
        Assert.Equal(0x17161514_13121110UL, space.Read(0x1800, 8));
        Assert.Equal(0x1514_1312UL, space.Read(0x1002, 4));
        Assert.Equal(["newer read 0x0/8", "older read 0x2/4"], log);
    }

    [Fact]
    public void ANewerMappingInsideAnAlignedPieceDoesNotCutIt()
    {
        // As the configuration address port at 0xcf8 takes a whole dword over the reset control
        // byte mapped at 0xcf9: QEMU cuts a piece by size and alignment only, not where a newer
        // mapping starts.
        var u = new TestUniverse();
        u.DefineObject("box");
        var owner = u.New("box");
        var log = new List<string>();
        var space = new AddressSpace("io");
        space.Map(0x1000, MemoryRegion.Create(owner, "older", 0x1000, new Bytes("older", log)));
        space.Map(0x1401, MemoryRegion.Create(owner, "byte", 1, new Bytes("byte", log)));

        Assert.Equal(0x1312_1110UL, space.Read(0x1400, 4));
        space.Write(0x1400, 0x80000000, 4);
        Assert.Equal(0x10UL, space.Read(0x1401, 1));
        Assert.Equal(["older read 0x400/4", "older write 0x400/4 0x80000000", "byte read 0x0/1"], log);
    }

    [Fact]
    public void AHigherPriorityMappingAnswersOverANewerOne()
    {
        var u = new TestUniverse();
        u.DefineObject("box");
        var owner = u.New("box");
        var log = new List<string>();
        var space = new AddressSpace("io");
        space.Map(0x1401, MemoryRegion.Create(owner, "byte", 1, new Bytes("byte", log)), priority: 1);
        space.Map(0x1000, MemoryRegion.Create(owner, "newer", 0x1000, new Bytes("newer", log)));

        // The byte mapped first still answers at 0x1401; an aligned word from 0x1400 goes whole to
        // the newer region that answers at its first byte; one from 0x1401 starts in the byte and
        // goes whole to it, past its end.
        Assert.Equal(0x10UL, space.Read(0x1401, 1));
        Assert.Equal(0x1110UL, space.Read(0x1400, 2));
        Assert.Equal(0x1110UL, space.Read(0x1401, 2));
        Assert.Equal(["byte read 0x0/1", "newer read 0x400/2", "byte read 0x0/2"], log);
    }

    // Bytes that take one byte at a time (QEMU's valid.max_access_size 1).
    private sealed class NarrowBytes(string name, List<string> log) : IMemoryRegionOps
    {
        private readonly Bytes bytes = new(name, log);

        public int MaxAccessSize => 1;

        public ulong Read(ulong offset, int size) => bytes.Read(offset, size);

        public void Write(ulong offset, ulong value, int size) => bytes.Write(offset, value, size);
    }

    [Fact]
    public void APieceRunningPastItsRegionsEndGoesWholeUpToTheRegionsWidestAccess()
    {
        var u = new TestUniverse();
        u.DefineObject("box");
        var owner = u.New("box");
        var log = new List<string>();
        var space = new AddressSpace("io");
        space.Map(0x60, MemoryRegion.Create(owner, "wide", 1, new Bytes("wide", log)));
        space.Map(0x61, MemoryRegion.Create(owner, "narrow", 1, new NarrowBytes("narrow", log)));
        space.Map(0x64, MemoryRegion.Create(owner, "pair", 2, new Bytes("pair", log)));

        // The one-byte region at 0x60 takes the whole dword; the narrow one at 0x61 a byte, the rest
        // going on to what follows (nothing at 0x62-0x63, the pair's first byte at 0x64); the pair
        // takes all four bytes of a write though it has two.
        Assert.Equal(0x1312_1110UL, space.Read(0x60, 4));
        Assert.Equal(0x1000_0010UL, space.Read(0x61, 4));
        space.Write(0x64, 0x11223344, 4);
        Assert.Equal(["wide read 0x0/4", "narrow read 0x0/1", "pair read 0x0/1", "pair write 0x0/4 0x11223344"], log);
    }

    [Fact]
    public void WhereNothingAnswersThePieceReadsUnassigned()
    {
        var (space, log) = OlderAndNewer();

        // Unassigned below 0x1000 (zeros), then the older mapping: 0x0ffe is 2-aligned.
        Assert.Equal(0x1110_0000UL, space.Read(0xffe, 4));
        Assert.Equal(["older read 0x0/2"], log);
    }
}
