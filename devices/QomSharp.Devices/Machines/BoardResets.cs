using QomSharp.Devices.Machines;

namespace QomSharp.Devices.Isa
{
    // QEMU's pit_reset: every channel back to mode 3 with a count of 0x10000; channel 0's IRQ is
    // left as it is until its timer next fires (never, while the virtual clock stands still).
    public abstract partial class PitCommon : IResetDevice
    {
        void IResetDevice.Reset() => ResetChannels(updateIrq: false);
    }

    // QEMU's pic_reset: the ELCR and ICW1's level-triggered mode cleared, then the initialisation reset.
    public abstract partial class PicCommon : IResetDevice
    {
        void IResetDevice.Reset()
        {
            elcr = 0;
            levelTriggeredMode = false;
            ResetCommon();
            UpdateIrq();
        }
    }

    // QEMU's rtc_resetdev: the date, time and NVRAM are kept; the periodic, alarm and square-wave
    // enables and the interrupt flags are cleared, the IRQ lowered.
    public sealed partial class Mc146818Rtc : IResetDevice
    {
        void IResetDevice.Reset()
        {
            cmos[RegisterB] &= unchecked((byte)~(0x40 | 0x20 | 0x08));
            cmos[RegisterC] &= unchecked((byte)~(0x10 | 0x80 | 0x40 | 0x20));
            SetIrq(0);
        }
    }

    // QEMU's port92_reset: the reset bit cleared, A20 kept.
    public sealed partial class Port92 : IResetDevice
    {
        void IResetDevice.Reset() => outport &= 0xfe;
    }

    // QEMU's i8257_reset: the master clear (flip-flop, masks set, status and command cleared).
    public sealed partial class I8257 : IResetDevice
    {
        void IResetDevice.Reset() => MasterClear();
    }
}

namespace QomSharp.Devices.I386
{
    // QEMU's hpet_reset.
    public sealed partial class Hpet : IResetDevice
    {
        void IResetDevice.Reset() => ResetRegisters();
    }

    // QEMU's ioapic_reset_common: ID, select and requests cleared, every entry masked.
    public sealed partial class Ioapic : IResetDevice
    {
        void IResetDevice.Reset() => ResetRegisters();
    }
}
