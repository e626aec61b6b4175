using System.Diagnostics;
using QomSharp.Devices.Access;
using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>
/// The RTC's index and data ports and its 128 CMOS bytes as QEMU 10.0's mc146818rtc answers them:
/// the clock registers (BCD or binary, 12- or 24-hour, kept from the base date of <c>-rtc</c>),
/// registers A to D (divider and rate, set mode and interrupt enables, flags cleared by reading,
/// the valid-RAM bit), the IBM PS/2 century byte at 0x37 and the NVRAM the board fills. On
/// <c>-rtc clock=vm</c> the clock stands still while no guest runs, so no update, alarm or periodic
/// interrupt ever happens.
/// </summary>
public sealed partial class Mc146818Rtc
{
    // QEMU's RTC_* indexes and REG_* bits.
    private const int Seconds = 0x00;
    private const int SecondsAlarm = 0x01;
    private const int Minutes = 0x02;
    private const int MinutesAlarm = 0x03;
    private const int Hours = 0x04;
    private const int HoursAlarm = 0x05;
    private const int DayOfWeek = 0x06;
    private const int DayOfMonth = 0x07;
    private const int Month = 0x08;
    private const int Year = 0x09;
    private const int RegisterA = 0x0a;
    private const int RegisterB = 0x0b;
    private const int RegisterC = 0x0c;
    private const int RegisterD = 0x0d;
    private const int Century = 0x32;
    private const int Ps2Century = 0x37;
    private const byte UpdateInProgress = 0x80;
    private const byte SetMode = 0x80;
    private const byte UpdateInterruptEnable = 0x10;
    private const byte BinaryMode = 0x04;
    private const byte Hours24 = 0x02;
    private const byte InterruptFlag = 0x80;
    private const byte InterruptFlagMask = 0x70;
    private const long NsPerSecond = 1_000_000_000;
    private const long UipHoldNs = 244_000;

    private readonly byte[] cmos = new byte[128];
    private int index;
    private long baseSeconds;
    private long lastUpdate;
    private long offsetNs;
    private RtcClockKind clock;
    private Stopwatch? clockStart;

    /// <summary>QEMU's <c>mc146818rtc_set_cmos_data</c>: the board's NVRAM bytes (memory sizes, boot order, equipment).</summary>
    public void SetCmosData(int address, byte value) => cmos[address] = value;

    /// <summary>A CMOS byte as stored (no clock update), for the board's own checks.</summary>
    public byte GetCmosData(int address) => cmos[address];

    // The RTC's clock in nanoseconds: the virtual clock stands at 0 while no guest runs; the host's
    // clocks count from the RTC's creation.
    private long ClockNs => clock == RtcClockKind.Virtual || clockStart is null ? 0 : clockStart.Elapsed.Ticks * 100;

    // QEMU's rtc_realizefn: registers A to D, then the date from the host (or -rtc base).
    private void ResetCmos()
    {
        var options = RtcOptions.Get(Context);
        clock = options.Clock;
        clockStart = clock == RtcClockKind.Virtual ? null : Stopwatch.StartNew();
        cmos[RegisterA] = 0x26;
        cmos[RegisterB] = 0x02;
        cmos[RegisterC] = 0x00;
        cmos[RegisterD] = 0x80;
        if (BaseYear == 2000)
        {
            BaseYear = 0;
        }

        baseSeconds = options.StartSeconds();
        lastUpdate = ClockNs;
        offsetNs = 0;
        SetCmosTime(RtcCalendar.FromSeconds(baseSeconds));
    }

    /// <summary>QEMU's <c>rtc_get_tm</c> (the <c>date</c> property): the clock brought up to date, read back from the CMOS.</summary>
    internal RtcTime CurrentTime()
    {
        UpdateTime();
        return CmosTime();
    }

    private bool Running => (cmos[RegisterB] & SetMode) == 0 && (cmos[RegisterA] & 0x70) <= 0x20;

    private long GuestNs => (baseSeconds * NsPerSecond) + ClockNs - lastUpdate + offsetNs;

    private int ToBcd(int value) => (cmos[RegisterB] & BinaryMode) != 0 ? value : ((value / 10) << 4) | (value % 10);

    private int FromBcd(int value)
    {
        if ((value & 0xc0) == 0xc0)
        {
            return -1;
        }

        return (cmos[RegisterB] & BinaryMode) != 0 ? value : ((value >> 4) * 10) + (value & 0x0f);
    }

    // QEMU's rtc_set_cmos.
    private void SetCmosTime(RtcTime tm)
    {
        cmos[Seconds] = (byte)ToBcd(tm.Second);
        cmos[Minutes] = (byte)ToBcd(tm.Minute);
        if ((cmos[RegisterB] & Hours24) != 0)
        {
            cmos[Hours] = (byte)ToBcd(tm.Hour);
        }
        else
        {
            int hour = tm.Hour % 12 != 0 ? tm.Hour % 12 : 12;
            cmos[Hours] = (byte)(ToBcd(hour) | (tm.Hour >= 12 ? 0x80 : 0));
        }

        cmos[DayOfWeek] = (byte)ToBcd(tm.Weekday + 1);
        cmos[DayOfMonth] = (byte)ToBcd(tm.Day);
        cmos[Month] = (byte)ToBcd(tm.Month + 1);
        int year = tm.Year + 1900 - BaseYear;
        cmos[Year] = (byte)ToBcd(year % 100);
        cmos[Century] = (byte)ToBcd(year / 100);
    }

    // QEMU's rtc_get_time.
    private RtcTime CmosTime()
    {
        int hour = FromBcd(cmos[Hours] & 0x7f);
        if ((cmos[RegisterB] & Hours24) == 0)
        {
            hour %= 12;
            if ((cmos[Hours] & 0x80) != 0)
            {
                hour += 12;
            }
        }

        return new RtcTime(
            FromBcd(cmos[Year]) + BaseYear + (FromBcd(cmos[Century]) * 100) - 1900,
            FromBcd(cmos[Month]) - 1,
            FromBcd(cmos[DayOfMonth]),
            hour,
            FromBcd(cmos[Minutes]),
            FromBcd(cmos[Seconds]),
            FromBcd(cmos[DayOfWeek]) - 1);
    }

    // QEMU's rtc_set_time: the clock restarts from what the CMOS holds.
    private void SetTime()
    {
        baseSeconds = RtcCalendar.ToSeconds(CmosTime());
        lastUpdate = ClockNs;
    }

    // QEMU's rtc_update_time: the CMOS brought up to the clock, unless in set mode.
    private void UpdateTime()
    {
        long guest = GuestNs;
        long seconds = guest / NsPerSecond;
        if ((cmos[RegisterB] & SetMode) == 0)
        {
            SetCmosTime(RtcCalendar.FromSeconds(seconds));
        }
    }

    // QEMU's check_update_timer: unless the divider is held in reset, it looks for the next alarm,
    // which brings the CMOS up to the clock first (get_next_alarm); the timer itself never expires.
    private void CheckUpdateTimer()
    {
        if ((cmos[RegisterA] & 0x60) != 0x60)
        {
            UpdateTime();
        }
    }

    // QEMU's update_in_progress: the last 244 us of every second while running.
    private bool UpdateInProgressNow() => Running && GuestNs % NsPerSecond >= NsPerSecond - UipHoldNs;

    private void SetIrq(int level)
    {
        if (GetPropertyLink(UnnamedGpioOut + "[0]") is Irq line)
        {
            line.Set(level);
        }
    }

    // QEMU's cmos_ioport_read: the index port reads 0xff.
    private byte ReadPort(ulong port)
    {
        if ((port & 1) == 0)
        {
            return 0xff;
        }

        switch (index)
        {
            case Ps2Century:
            case Century:
            case Seconds:
            case Minutes:
            case Hours:
            case DayOfWeek:
            case DayOfMonth:
            case Month:
            case Year:
                if (index == Ps2Century)
                {
                    index = Century;
                }

                if (Running)
                {
                    UpdateTime();
                }

                return cmos[index];
            case RegisterA:
                return (byte)(cmos[RegisterA] | (UpdateInProgressNow() ? UpdateInProgress : 0));
            case RegisterC:
                byte flags = cmos[RegisterC];
                SetIrq(0);
                cmos[RegisterC] = 0;
                return flags;
            default:
                return cmos[index];
        }
    }

    // QEMU's cmos_ioport_write.
    private void WritePort(ulong port, byte data)
    {
        if ((port & 1) == 0)
        {
            index = data & 0x7f;
            return;
        }

        switch (index)
        {
            case SecondsAlarm:
            case MinutesAlarm:
            case HoursAlarm:
                cmos[index] = data;
                CheckUpdateTimer();
                break;
            case Ps2Century:
            case Seconds:
            case Minutes:
            case Hours:
            case DayOfWeek:
            case DayOfMonth:
            case Month:
            case Year:
            case Century:
                if (index == Ps2Century)
                {
                    index = Century;
                }

                cmos[index] = data;
                if (Running)
                {
                    SetTime();
                    CheckUpdateTimer();
                }

                break;
            case RegisterA:
                WriteRegisterA(data);
                break;
            case RegisterB:
                WriteRegisterB(data);
                break;
            case RegisterC:
            case RegisterD:
                // Read-only.
                break;
            default:
                cmos[index] = data;
                break;
        }
    }

    private void WriteRegisterA(byte data)
    {
        if ((data & 0x60) == 0x60)
        {
            // The divider held in reset: the CMOS keeps the time it stopped at.
            if (Running)
            {
                UpdateTime();
            }

            cmos[RegisterA] &= unchecked((byte)~UpdateInProgress);
        }
        else if ((cmos[RegisterA] & 0x60) == 0x60 && (data & 0x70) <= 0x20)
        {
            // Released, the first update comes half a second later.
            if ((cmos[RegisterB] & SetMode) == 0)
            {
                offsetNs = NsPerSecond / 2;
                SetTime();
            }

            cmos[RegisterA] &= unchecked((byte)~UpdateInProgress);
        }

        cmos[RegisterA] = (byte)((data & ~UpdateInProgress) | (cmos[RegisterA] & UpdateInProgress));
        CheckUpdateTimer();
    }

    private void WriteRegisterB(byte data)
    {
        if ((data & SetMode) != 0)
        {
            if (Running)
            {
                UpdateTime();
            }

            cmos[RegisterA] &= unchecked((byte)~UpdateInProgress);
            data &= unchecked((byte)~UpdateInterruptEnable);
        }
        else if ((cmos[RegisterB] & SetMode) != 0 && (cmos[RegisterA] & 0x70) <= 0x20)
        {
            // Leaving set mode: the clock runs from the time written.
            offsetNs = GuestNs % NsPerSecond;
            SetTime();
        }

        // An interrupt whose flag is already set raises the line as soon as it is enabled.
        if ((data & cmos[RegisterC] & InterruptFlagMask) != 0)
        {
            cmos[RegisterC] |= InterruptFlag;
            SetIrq(1);
        }
        else
        {
            cmos[RegisterC] &= unchecked((byte)~InterruptFlag);
            SetIrq(0);
        }

        cmos[RegisterB] = data;
        CheckUpdateTimer();
    }

    // QEMU's cmos_ops: byte accesses.
    private sealed class CmosPorts(Mc146818Rtc rtc) : AccessRules(implMin: 1, implMax: 1)
    {
        protected override ulong DeviceRead(ulong offset, int size) => rtc.ReadPort(offset);

        protected override void DeviceWrite(ulong offset, ulong value, int size) => rtc.WritePort(offset, (byte)value);
    }
}
