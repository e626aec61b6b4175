namespace QomSharp.Devices.Isa;

/// <summary>A broken-down UTC time as C's <c>struct tm</c> holds it (years since 1900, months from 0, weekday from Sunday = 0).</summary>
public readonly record struct RtcTime(int Year, int Month, int Day, int Hour, int Minute, int Second, int Weekday);

/// <summary>
/// The calendar arithmetic of QEMU's RTC: <c>mktimegm</c> (any field out of range carries over, as
/// QEMU's formula lets it) and <c>gmtime_r</c> on 64-bit seconds, for any year.
/// </summary>
public static class RtcCalendar
{
    private const long SecondsPerDay = 86400;

    /// <summary>QEMU's <c>mktimegm</c>: seconds since 1970 of a broken-down time, by QEMU's formula.</summary>
    public static long ToSeconds(RtcTime tm)
    {
        long y = tm.Year + 1900L;
        long m = tm.Month + 1L;
        long d = tm.Day;
        if (m < 3)
        {
            m += 12;
            y--;
        }

        // C's division truncates toward zero, as C# does.
        long t = SecondsPerDay * (d + ((153 * m) - 457) / 5 + (365 * y) + y / 4 - y / 100 + y / 400 - 719469);
        return t + (3600L * tm.Hour) + (60L * tm.Minute) + tm.Second;
    }

    /// <summary>C's <c>gmtime_r</c>: the broken-down UTC time of <paramref name="seconds"/> since 1970.</summary>
    public static RtcTime FromSeconds(long seconds)
    {
        long days = FloorDiv(seconds, SecondsPerDay);
        long rest = seconds - (days * SecondsPerDay);
        int weekday = (int)(((days % 7) + 11) % 7); // 1970-01-01 was a Thursday (4).

        // Days to a civil date (proleptic Gregorian calendar), eras of 400 years.
        long z = days + 719468;
        long era = FloorDiv(z, 146097);
        long dayOfEra = z - (era * 146097);
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        long dayOfYear = dayOfEra - ((365 * yearOfEra) + yearOfEra / 4 - yearOfEra / 100);
        long mp = ((5 * dayOfYear) + 2) / 153;
        long day = dayOfYear - (((153 * mp) + 2) / 5) + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yearOfEra + (era * 400) + (month <= 2 ? 1 : 0);
        return new RtcTime((int)(year - 1900), (int)(month - 1), (int)day, (int)(rest / 3600), (int)(rest / 60 % 60), (int)(rest % 60), weekday);
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
