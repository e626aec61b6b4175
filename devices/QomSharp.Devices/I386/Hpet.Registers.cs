using System;
using QomSharp.Devices.Access;
using QomSharp.Qdev;

namespace QomSharp.Devices.I386;

/// <summary>
/// The HPET's registers as QEMU 10.0 answers them: the capabilities and period, the configuration
/// (enable, legacy replacement), the interrupt status, the main counter, and per timer its
/// configuration and capabilities (the routes of <c>hpet-intcap</c>, FSB with <c>msi</c>), comparator
/// and FSB route. The window takes 4- and 8-byte aligned accesses only. The guest's clock stands
/// still (qtest without a running CPU), so the counter only moves when written and no timer fires.
/// </summary>
public sealed partial class Hpet
{
    // QEMU's HPET_* register offsets and bits.
    private const ulong IdRegister = 0x000;
    private const ulong ConfigRegister = 0x010;
    private const ulong StatusRegister = 0x020;
    private const ulong CounterRegister = 0x0f0;
    private const ulong TimerConfig = 0x00;
    private const ulong TimerComparator = 0x08;
    private const ulong TimerFsbRoute = 0x10;
    private const ulong ConfigEnable = 0x001;
    private const ulong ConfigLegacy = 0x002;
    private const ulong ConfigWriteMask = 0x003;
    private const ulong TimerLevel = 0x002;
    private const ulong TimerEnable = 0x004;
    private const ulong TimerPeriodic = 0x008;
    private const ulong TimerPeriodicCap = 0x010;
    private const ulong TimerSizeCap = 0x020;
    private const ulong TimerSetValue = 0x040;
    private const ulong Timer32Bit = 0x100;
    private const ulong TimerRouteMask = 0x3e00;
    private const int TimerRouteShift = 9;
    private const ulong TimerFsbEnable = 0x4000;
    private const ulong TimerFsbCap = 0x8000;
    private const ulong TimerConfigWriteMask = 0x7f4e;

    // The counter's period in femtoseconds (10 ns, QEMU's HPET_CLK_PERIOD) and a nanosecond's.
    private const ulong ClockPeriodFs = 10_000_000;
    private const ulong FsPerNs = 1_000_000;

    // The legacy routes: timer 0 to IRQ 0, timer 1 to the RTC's IRQ 8.
    private const int RtcIsaIrq = 8;

    private struct Timer
    {
        public ulong Config;
        public ulong Comparator;
        public ulong FsbRoute;
        public ulong Period;
    }

    private readonly Timer[] timers = new Timer[MaxTimers];
    private int timerCount;
    private ulong capability;
    private ulong config;
    private ulong isr;
    private ulong counter;
    private ulong offset;
    private int rtcIrqLevel;

    // The guest's virtual clock in nanoseconds: it stays at 0 while no guest runs.
    private static ulong VirtualClock => 0;

    /// <summary>QEMU's <c>hpet_realize</c> and <c>hpet_reset</c>: the timer count clamped to 3..32, every register at its reset value.</summary>
    private void ResetRegisters()
    {
        timerCount = Math.Clamp((int)Timers, 3, MaxTimers);
        // QEMU clamps the property's own field: qom-get reads the count in use.
        Timers = (byte)timerCount;
        capability = 0x8086a001UL | ((ulong)(timerCount - 1) << 8) | (ClockPeriodFs << 32);
        for (int i = 0; i < timerCount; i++)
        {
            ref Timer timer = ref timers[i];
            timer.Comparator = ulong.MaxValue;
            timer.Config = TimerPeriodicCap | TimerSizeCap | (Msi ? TimerFsbCap : 0) | ((ulong)IntCap << 32);
            timer.Period = 0;
        }

        counter = 0;
        offset = 0;
        config = 0;
        rtcIrqLevel = 0;
        Output(PitEnableOutput)?.Set(1);
    }

    private const string PitEnableOutput = UnnamedGpioOut + "[0]";

    private Irq? Output(string name) => GetPropertyLink(name) as Irq;

    private Irq? Route(int route) => Output($"{SysBusIrq}[{route}]");

    private bool Enabled => (config & ConfigEnable) != 0;

    private bool Legacy => (config & ConfigLegacy) != 0;

    // QEMU's muldiv64: the 128-bit product divided, cut to 64 bits.
    private static ulong MulDiv(ulong a, ulong b, ulong c) => (ulong)((UInt128)a * b / c);

    private static ulong TicksToNs(ulong ticks) => MulDiv(ticks, ClockPeriodFs, FsPerNs);

    private static ulong NsToTicks(ulong ns) => MulDiv(ns, FsPerNs, ClockPeriodFs);

    private ulong Ticks => NsToTicks(VirtualClock + offset);

    private static ulong Deposit(ulong field, int shift, int length, ulong value)
    {
        ulong mask = (length >= 64 ? ulong.MaxValue : (1UL << length) - 1) << shift;
        return (field & ~mask) | ((value << shift) & mask);
    }

    private static ulong Fixup(ulong value, ulong old, ulong mask) => (value & mask) | (old & ~mask);

    // QEMU's hpet_ram_read on an 8-byte register (or its half at +4).
    private ulong ReadRegister(ulong address)
    {
        int shift = (int)(address & 4) * 8;
        address &= ~4UL;
        if (address is >= 0x100 and <= 0x3ff)
        {
            int id = (int)((address - 0x100) / 0x20);
            // QEMU answers the timer just past the last too.
            if (id > timerCount)
            {
                return 0;
            }

            ref Timer timer = ref timers[id];
            return (address & 0x18) switch
            {
                TimerConfig => timer.Config >> shift,
                TimerComparator => timer.Comparator >> shift,
                TimerFsbRoute => timer.FsbRoute >> shift,
                _ => 0,
            };
        }

        return address switch
        {
            IdRegister => capability >> shift,
            ConfigRegister => config >> shift,
            CounterRegister => (Enabled ? Ticks : counter) >> shift,
            StatusRegister => isr >> shift,
            _ => 0,
        };
    }

    // QEMU's hpet_ram_write.
    private void WriteRegister(ulong address, ulong value, int size)
    {
        int shift = (int)(address & 4) * 8;
        int length = Math.Min(size * 8, 64 - shift);
        address &= ~4UL;
        if (address is >= 0x100 and <= 0x3ff)
        {
            int id = (int)((address - 0x100) / 0x20);
            if (id > timerCount)
            {
                return;
            }

            WriteTimer(id, address & 0x18, shift, length, value);
            return;
        }

        switch (address)
        {
            case ConfigRegister:
                WriteConfig(Fixup(Deposit(config, shift, length, value), config, ConfigWriteMask));
                break;
            case StatusRegister:
                ulong cleared = (value << shift) & isr;
                for (int i = 0; i < timerCount; i++)
                {
                    if ((cleared & (1UL << i)) != 0)
                    {
                        UpdateIrq(i, set: false);
                    }
                }

                break;
            case CounterRegister:
                // Written while running, QEMU keeps the value but counts on from the old one.
                counter = Deposit(counter, shift, length, value);
                break;
        }
    }

    private void WriteConfig(ulong value)
    {
        ulong old = config;
        config = value;
        if (Activating(old, value, ConfigEnable))
        {
            offset = TicksToNs(counter) - VirtualClock;
        }
        else if (Deactivating(old, value, ConfigEnable))
        {
            counter = Ticks;
            for (int i = 0; i < timerCount; i++)
            {
                UpdateIrq(i, set: false);
            }
        }

        // In legacy mode the PIT's and the RTC's outputs do not reach their IRQs.
        if (Activating(old, value, ConfigLegacy))
        {
            Output(PitEnableOutput)?.Set(0);
            Route(0)?.Set(0);
            Route(RtcIsaIrq)?.Set(0);
        }
        else if (Deactivating(old, value, ConfigLegacy))
        {
            Route(0)?.Set(0);
            Output(PitEnableOutput)?.Set(1);
            Route(RtcIsaIrq)?.Set(rtcIrqLevel);
        }
    }

    private void WriteTimer(int id, ulong register, int shift, int length, ulong value)
    {
        ref Timer timer = ref timers[id];
        switch (register)
        {
            case TimerConfig:
                ulong old = timer.Config;
                ulong updated = Fixup(Deposit(old, shift, length, value), old, TimerConfigWriteMask);
                if (Deactivating(old, updated, TimerLevel))
                {
                    UpdateIrq(id, set: false);
                }

                timer.Config = updated;
                if ((updated & Timer32Bit) != 0)
                {
                    timer.Comparator = (uint)timer.Comparator;
                    timer.Period = (uint)timer.Period;
                }

                break;
            case TimerComparator:
                if ((timer.Config & Timer32Bit) != 0)
                {
                    // The upper half of a 32-bit comparator stays zero.
                    if (shift != 0)
                    {
                        break;
                    }

                    length = 64;
                    value = (uint)value;
                }

                bool periodic = (timer.Config & TimerPeriodic) != 0;
                if (!periodic || (timer.Config & TimerSetValue) != 0)
                {
                    timer.Comparator = Deposit(timer.Comparator, shift, length, value);
                }

                if (periodic)
                {
                    timer.Period = Deposit(timer.Period, shift, length, value);
                }

                timer.Config &= ~TimerSetValue;
                break;
            case TimerFsbRoute:
                timer.FsbRoute = Deposit(timer.FsbRoute, shift, length, value);
                break;
        }
    }

    // QEMU's update_irq with set = 0 (no timer ever fires here): the status bit cleared and the
    // timer's line lowered, unless it signals by FSB.
    private void UpdateIrq(int id, bool set)
    {
        ref Timer timer = ref timers[id];
        int route = id <= 1 && Legacy ? (id == 0 ? 0 : RtcIsaIrq) : (int)((timer.Config & TimerRouteMask) >> TimerRouteShift);
        if (!set)
        {
            isr &= ~(1UL << id);
            if ((timer.Config & TimerFsbEnable) == 0)
            {
                Route(route)?.Set(0);
            }
        }
    }

    // QEMU's hpet_handle_legacy_irq: the PIT's (0) and the RTC's (1) outputs pass to IRQs 0 and 8 unless in legacy mode.
    private void HandleLegacyIrq(int input, int level)
    {
        if (input == 0)
        {
            if (!Legacy)
            {
                Route(0)?.Set(level);
            }
        }
        else
        {
            rtcIrqLevel = level;
            if (!Legacy)
            {
                Route(RtcIsaIrq)?.Set(level);
            }
        }
    }

    private static bool Activating(ulong old, ulong value, ulong mask) => (old & mask) == 0 && (value & mask) != 0;

    private static bool Deactivating(ulong old, ulong value, ulong mask) => (old & mask) != 0 && (value & mask) == 0;

    // QEMU's hpet_ram_ops: 4- and 8-byte accesses, aligned.
    private sealed class RegisterOps(Hpet hpet) : AccessRules(validMin: 4, validMax: 8, implMin: 4, implMax: 8)
    {
        protected override ulong DeviceRead(ulong offset, int size) => hpet.ReadRegister(offset);

        protected override void DeviceWrite(ulong offset, ulong value, int size) => hpet.WriteRegister(offset, value, size);
    }
}
