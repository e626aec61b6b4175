using System.Text;
using QomSharp.Memory;

namespace QomSharp.Devices.Pci;

/// <summary>
/// <c>pci-testdev</c>'s test registers behind its MMIO (BAR0) and port I/O (BAR1) regions, as QEMU
/// 10.0's: writing a test number (0 no-eventfd, 1 wildcard-eventfd, 2 datamatch-eventfd) at
/// offset 0 selects the test of the region's kind; reads return the selected test's header byte
/// by byte (its number, access width, trigger offset, data, count and name), 0 with no test
/// selected or past the header. A byte write at the trigger offset counts for the no-eventfd test
/// when it carries the data byte; under qtest the eventfd tests' event notifiers take the writes
/// they match, so their count stays 0.
/// </summary>
public sealed partial class PciTestDevice : IMemoryRegionOps
{
    private const int TestCount = 3;
    private const byte DataMatch = 0xfa;
    private const byte NoMatch = 0xce;
    private const int MemoryTestSize = 2048;
    private const int PortTestSize = 128;

    // The six tests' headers (mmio-*, then portio-*) and the selected one (-1: none).
    private byte[][]? headers;
    private int current = -1;

    private byte[] Header(int test)
    {
        if (headers is null)
        {
            headers = new byte[TestCount * 2][];
            string[] names = ["no-eventfd", "wildcard-eventfd", "datamatch-eventfd"];
            for (int i = 0; i < headers.Length; i++)
            {
                byte[] name = Encoding.ASCII.GetBytes((i < TestCount ? "mmio-" : "portio-") + names[i % TestCount]);
                var header = new byte[HeaderSize + name.Length + 1];
                header[0] = (byte)i;
                header[1] = 1;
                Config.PciConfigSpace.SetLong(header, 4, (uint)((i < TestCount ? MemoryTestSize : PortTestSize) + i));
                header[8] = i % TestCount == 1 ? NoMatch : DataMatch;
                name.CopyTo(header, HeaderSize);
                headers[i] = header;
            }
        }

        return headers[test];
    }

    // test, width, 2 pad, offset, data, 3 pad, count: the name follows.
    private const int HeaderSize = 16;

    private ulong ReadTest(ulong offset, int size)
    {
        ulong value = 0;
        for (int i = 0; i < size; i++)
        {
            value |= (ulong)ReadByte(offset + (ulong)i) << (8 * i);
        }

        return value;
    }

    // One byte (the regions take one byte at a time).
    private byte ReadByte(ulong offset)
    {
        if (current < 0)
        {
            return 0;
        }

        byte[] header = Header(current);
        return offset + 1 >= (ulong)header.Length ? (byte)0 : header[offset];
    }

    private void WriteTest(ulong offset, ulong value, int size, int kind)
    {
        if (current >= 0 && current % TestCount != 0 && size == 1 && offset == Config.PciConfigSpace.GetLong(Header(current), 4)
            && (current % TestCount == 1 || (byte)value == DataMatch))
        {
            // The event notifier of the running test takes the write.
            return;
        }

        for (int i = 0; i < size; i++)
        {
            WriteByte(offset + (ulong)i, (byte)(value >> (8 * i)), kind);
        }
    }

    private void WriteByte(ulong offset, byte value, int kind)
    {
        if (offset == 0)
        {
            current = value < TestCount ? (kind * TestCount) + value : -1;
            if (current >= 0)
            {
                Config.PciConfigSpace.SetLong(Header(current), 12, 0);
            }

            return;
        }

        if (current < 0)
        {
            return;
        }

        byte[] header = Header(current);
        if (offset != Config.PciConfigSpace.GetLong(header, 4))
        {
            return;
        }

        bool matchData = current % TestCount != 1;
        if (matchData && value != header[8])
        {
            return;
        }

        Config.PciConfigSpace.SetLong(header, 12, Config.PciConfigSpace.GetLong(header, 12) + 1);
    }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>qdev_pci_testdev_reset</c>: no test selected.</remarks>
    protected override void ResetFunction()
    {
        current = -1;
        base.ResetFunction();
    }

    // The device is the MMIO region's callbacks itself (no object per device for them); one byte at a time.
    ulong IMemoryRegionOps.Read(ulong offset, int size) => ReadTest(offset, size);

    void IMemoryRegionOps.Write(ulong offset, ulong value, int size) => WriteTest(offset, value, size, 0);

    // The port I/O region's callbacks (kind 1).
    private sealed class PortOps(PciTestDevice device) : IMemoryRegionOps
    {
        public ulong Read(ulong offset, int size) => device.ReadTest(offset, size);

        public void Write(ulong offset, ulong value, int size) => device.WriteTest(offset, value, size, 1);
    }
}
