using QomSharp.Devices.Access;

namespace QomSharp.Devices.Isa;

/// <summary>
/// The i8257's registers as QEMU's model keeps them: per channel a base address and count (written
/// a byte at a time through the controller's flip-flop), the current address and count, a mode and
/// a page byte; per controller a status, command and mask. No device asks for a transfer on this
/// board, so a request only sets its status bit.
/// </summary>
public sealed partial class I8257
{
    // The channel that each page register port (port & 7) addresses; -1: none.
    private static readonly int[] PageChannels = [-1, 2, 3, 1, -1, -1, -1, 0];

    // Commands QEMU's model does not take: every bit but the controller disable (bit 2).
    private const byte UnsupportedCommands = 0xfb;

    private readonly ushort[] baseAddress = new ushort[4];
    private readonly ushort[] baseCount = new ushort[4];
    private readonly int[] currentAddress = new int[4];
    private readonly int[] currentCount = new int[4];
    private readonly byte[] mode = new byte[4];
    private readonly byte[] page = new byte[4];
    private readonly byte[] pageHigh = new byte[4];
    private byte status;
    private byte command;
    private byte mask = 0xff;
    private bool flipFlop;

    // Which byte of a 16-bit register the next access takes (QEMU's getff), toggling.
    private bool TakeFlipFlop()
    {
        bool high = flipFlop;
        flipFlop = !flipFlop;
        return high;
    }

    // The channel registers: even ports the address, odd ones the count, each port 1 << dshift apart.
    private byte ReadChannel(ulong offset)
    {
        int port = (int)(offset >> DShift) & 0x0f;
        int channel = (port >> 1) & 3;
        int direction = ((mode[channel] >> 5) & 1) != 0 ? -1 : 1;
        int shift = DShift + (TakeFlipFlop() ? 8 : 0);
        int value = (port & 1) != 0
            ? (baseCount[channel] << DShift) - currentCount[channel]
            : currentAddress[channel] + (currentCount[channel] * direction);
        return (byte)(value >> shift);
    }

    private void WriteChannel(ulong offset, byte value)
    {
        int port = (int)(offset >> DShift) & 0x0f;
        int channel = (port >> 1) & 3;
        ushort[] register = (port & 1) != 0 ? baseCount : baseAddress;
        if (TakeFlipFlop())
        {
            register[channel] = (ushort)((register[channel] & 0xff) | (value << 8));
            currentAddress[channel] = baseAddress[channel] << DShift;
            currentCount[channel] = 0;
        }
        else
        {
            register[channel] = (ushort)((register[channel] & 0xff00) | value);
        }
    }

    // The control registers: status (reading clears the terminal counts), request, single mask,
    // mode, clear flip-flop, master clear, clear mask, write all masks.
    private byte ReadControl(ulong offset)
    {
        switch ((offset >> DShift) & 0x0f)
        {
            case 0:
                byte value = status;
                status &= 0xf0;
                return value;
            case 1:
                return mask;
            default:
                return 0;
        }
    }

    private void WriteControl(ulong offset, byte value)
    {
        switch ((offset >> DShift) & 0x0f)
        {
            case 0:
                if (value == 0 || (value & UnsupportedCommands) == 0)
                {
                    command = value;
                }

                break;
            case 1:
                int channel = value & 3;
                status = (byte)((value & 4) != 0 ? status | (0x10 << channel) : status & ~(0x10 << channel));
                status &= (byte)~(1 << channel);
                break;
            case 2:
                mask = (byte)((value & 4) != 0 ? mask | (1 << (value & 3)) : mask & ~(1 << (value & 3)));
                break;
            case 3:
                mode[value & 3] = value;
                break;
            case 4:
                flipFlop = false;
                break;
            case 5:
                MasterClear();
                break;
            case 6:
                mask = 0;
                break;
            case 7:
                mask = value;
                break;
        }
    }

    // QEMU's i8257_reset: the master clear.
    private void MasterClear()
    {
        flipFlop = false;
        mask = 0xff;
        status = 0;
        command = 0;
    }

    private byte ReadPage(ulong port, byte[] registers) =>
        PageChannels[port & 7] is int channel and >= 0 ? registers[channel] : (byte)0;

    private static void WritePage(ulong port, byte[] registers, byte value)
    {
        if (PageChannels[port & 7] is int channel and >= 0)
        {
            registers[channel] = value;
        }
    }

    // QEMU's channel_io_ops and cont_io_ops: byte accesses.
    private sealed class ChannelPorts(I8257 dma) : AccessRules(implMin: 1, implMax: 1)
    {
        protected override ulong DeviceRead(ulong offset, int size) => dma.ReadChannel(offset);

        protected override void DeviceWrite(ulong offset, ulong value, int size) => dma.WriteChannel(offset, (byte)value);
    }

    private sealed class ControlPorts(I8257 dma) : AccessRules(implMin: 1, implMax: 1)
    {
        protected override ulong DeviceRead(ulong offset, int size) => dma.ReadControl(offset);

        protected override void DeviceWrite(ulong offset, ulong value, int size) => dma.WriteControl(offset, (byte)value);
    }

    // QEMU's page_portio_list and pageh_portio_list: byte ports, addressed by their port number.
    private sealed class PagePorts(I8257 dma, ulong firstPort, ulong count, bool high) : PortioList(new Ports(0, count, 1))
    {
        private byte[] Registers => high ? dma.pageHigh : dma.page;

        protected override ulong PortRead(ulong offset) => dma.ReadPage(firstPort + offset, Registers);

        protected override void PortWrite(ulong offset, ulong value) => WritePage(firstPort + offset, Registers, (byte)value);
    }
}
