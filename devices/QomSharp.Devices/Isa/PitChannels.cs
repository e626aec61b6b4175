using QomSharp.Devices.Access;
using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>
/// The i8254's three counters as QEMU 10.0 models them (i8254.c, i8254_common.c): the control word
/// (mode, access, BCD), counter latch and read-back commands, the latched status, the low/high
/// byte sequencing of reads and writes, channel 2's gate (driven by port 0x61) and channel 0's
/// output to IRQ 0. The guest's clock stands still (no guest runs), so a counter reads the count
/// it was loaded with and its output is the one at the moment of loading.
/// </summary>
public abstract partial class PitCommon
{
    // QEMU's RW_STATE_*.
    private const int ReadWriteLsb = 1;
    private const int ReadWriteMsb = 2;
    private const int ReadWriteWord0 = 3;
    private const int ReadWriteWord1 = 4;

    private sealed class Channel
    {
        public int Count;
        public ushort LatchedCount;
        public int CountLatched;
        public bool StatusLatched;
        public byte Status;
        public int ReadState;
        public int WriteState;
        public byte WriteLatch;
        public int ReadWriteMode;
        public int Mode;
        public int Bcd;
        public int Gate;

        // Ticks since the count was loaded: the clock does not move, so none.
        private static long Elapsed => 0;

        // QEMU's pit_get_count.
        public int CurrentCount()
        {
            long d = Elapsed;
            return Mode switch
            {
                0 or 1 or 4 or 5 => (int)((Count - d) & 0xffff),
                3 => (int)(Count - ((2 * d) % Count)),
                _ => (int)(Count - (d % Count)),
            };
        }

        // QEMU's pit_get_out (mode 1 as mode 0, since QEMU 8.1).
        public int Output()
        {
            long d = Elapsed;
            bool output = Mode switch
            {
                2 => d % Count == 0 && d != 0,
                3 => d % Count < ((Count + 1) >> 1),
                4 or 5 => d == Count,
                _ => d >= Count,
            };
            return output ? 1 : 0;
        }

        // QEMU's pit_latch_count: a latch already held is kept.
        public void LatchCount()
        {
            if (CountLatched == 0)
            {
                LatchedCount = (ushort)CurrentCount();
                CountLatched = ReadWriteMode;
            }
        }
    }

    private readonly Channel[] channels = [new(), new(), new()];
    private bool irqDisabled;

    /// <summary>QEMU's <c>pit_get_channel_info</c>: a channel's gate input and output level (0 or 1).</summary>
    public (int Gate, int Output) ChannelState(int channel) => (channels[channel].Gate, channels[channel].Output());

    /// <summary>QEMU's <c>pit_set_gate</c>: drives a channel's gate; a rising edge restarts modes 1, 2, 3 and 5.</summary>
    public void SetGate(int channel, int level)
    {
        var s = channels[channel];
        if (s.Mode is 1 or 2 or 3 or 5 && s.Gate < level && channel == 0)
        {
            UpdateIrq();
        }

        s.Gate = level;
    }

    // QEMU's pit_reset_common: every channel in mode 3 with a count of 0x10000, the gate of
    // channels 0 and 1 high; then channel 0's output to its IRQ.
    private void ResetChannels(bool updateIrq = true)
    {
        for (int i = 0; i < channels.Length; i++)
        {
            channels[i].Mode = 3;
            channels[i].Gate = i != 2 ? 1 : 0;
            channels[i].Count = 0x10000;
        }

        if (updateIrq)
        {
            UpdateIrq();
        }
    }

    // QEMU's pit_irq_control: the HPET's legacy mode turns the IRQ off, leaving it turns it on.
    private void SetIrqEnabled(bool enabled)
    {
        irqDisabled = !enabled;
        UpdateIrq();
    }

    // QEMU's pit_irq_timer_update: channel 0's output level to its IRQ line.
    private void UpdateIrq()
    {
        if (!irqDisabled && GetPropertyLink(UnnamedGpioOut + "[0]") is Irq line)
        {
            line.Set(channels[0].Output());
        }
    }

    // QEMU's pit_load_count: 0 stands for 0x10000.
    private void LoadCount(int channel, int value)
    {
        channels[channel].Count = value == 0 ? 0x10000 : value;
        if (channel == 0)
        {
            UpdateIrq();
        }
    }

    private byte ReadPort(int port)
    {
        if (port == 3)
        {
            // The control word is write-only.
            return 0;
        }

        var s = channels[port];
        if (s.StatusLatched)
        {
            s.StatusLatched = false;
            return s.Status;
        }

        if (s.CountLatched != 0)
        {
            switch (s.CountLatched)
            {
                case ReadWriteMsb:
                    s.CountLatched = 0;
                    return (byte)(s.LatchedCount >> 8);
                case ReadWriteWord0:
                    s.CountLatched = ReadWriteMsb;
                    return (byte)s.LatchedCount;
                default:
                    s.CountLatched = 0;
                    return (byte)s.LatchedCount;
            }
        }

        int count = s.CurrentCount();
        switch (s.ReadState)
        {
            case ReadWriteMsb:
                return (byte)(count >> 8);
            case ReadWriteWord0:
                s.ReadState = ReadWriteWord1;
                return (byte)count;
            case ReadWriteWord1:
                s.ReadState = ReadWriteWord0;
                return (byte)(count >> 8);
            default:
                return (byte)count;
        }
    }

    private void WritePort(int port, byte value)
    {
        if (port == 3)
        {
            int channel = value >> 6;
            if (channel == 3)
            {
                // Read-back: for each channel named, latch its count and/or its status.
                for (channel = 0; channel < 3; channel++)
                {
                    var c = channels[channel];
                    if ((value & (2 << channel)) == 0)
                    {
                        continue;
                    }

                    if ((value & 0x20) == 0)
                    {
                        c.LatchCount();
                    }

                    if ((value & 0x10) == 0 && !c.StatusLatched)
                    {
                        c.Status = (byte)((c.Output() << 7) | (c.ReadWriteMode << 4) | (c.Mode << 1) | c.Bcd);
                        c.StatusLatched = true;
                    }
                }

                return;
            }

            var s = channels[channel];
            int access = (value >> 4) & 3;
            if (access == 0)
            {
                s.LatchCount();
            }
            else
            {
                s.ReadWriteMode = access;
                s.ReadState = access;
                s.WriteState = access;
                s.Mode = (value >> 1) & 7;
                s.Bcd = value & 1;
            }

            return;
        }

        var target = channels[port];
        switch (target.WriteState)
        {
            case ReadWriteMsb:
                LoadCount(port, value << 8);
                break;
            case ReadWriteWord0:
                target.WriteLatch = value;
                target.WriteState = ReadWriteWord1;
                break;
            case ReadWriteWord1:
                LoadCount(port, target.WriteLatch | (value << 8));
                target.WriteState = ReadWriteWord0;
                break;
            default:
                LoadCount(port, value);
                break;
        }
    }

    // QEMU's pit_ioport_ops: byte accesses, the port number taken modulo 4.
    private sealed class PitPorts(PitCommon pit) : AccessRules(implMin: 1, implMax: 1)
    {
        protected override ulong DeviceRead(ulong offset, int size) => pit.ReadPort((int)(offset & 3));

        protected override void DeviceWrite(ulong offset, ulong value, int size) => pit.WritePort((int)(offset & 3), (byte)value);
    }
}
