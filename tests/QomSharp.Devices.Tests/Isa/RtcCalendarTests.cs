using System;
using QomSharp.Devices.Isa;

namespace QomSharp.Devices.Tests.Isa;

/// <summary>The RTC's calendar arithmetic (QEMU's mktimegm, C's gmtime_r) and -rtc base dates.</summary>
public class RtcCalendarTests
{
    [Theory]
    [InlineData(1970, 1, 1, 0, 0, 0, 0L, 4)]
    [InlineData(2020, 1, 1, 0, 0, 0, 1577836800L, 3)]
    [InlineData(2000, 2, 29, 12, 0, 0, 951825600L, 2)]
    [InlineData(1969, 12, 31, 23, 59, 59, -1L, 3)]
    [InlineData(2099, 12, 31, 23, 59, 58, 4102444798L, 4)]
    [InlineData(1900, 3, 1, 0, 0, 0, -2203891200L, 4)]
    public void SecondsAndDatesAgreeWithTheCalendar(int year, int month, int day, int hour, int minute, int second, long seconds, int weekday)
    {
        var tm = new RtcTime(year - 1900, month - 1, day, hour, minute, second, weekday);
        Assert.Equal(seconds, RtcCalendar.ToSeconds(tm));
        Assert.Equal(tm, RtcCalendar.FromSeconds(seconds));
    }

    [Fact]
    public void EveryDayOfFourCenturiesRoundTrips()
    {
        for (long day = -80000; day < 80000; day += 7)
        {
            long seconds = (day * 86400) + 3723;
            var tm = RtcCalendar.FromSeconds(seconds);
            var expected = DateTimeOffset.FromUnixTimeSeconds(seconds);
            Assert.Equal((expected.Year - 1900, expected.Month - 1, expected.Day, (int)expected.DayOfWeek), (tm.Year, tm.Month, tm.Day, tm.Weekday));
            Assert.Equal(seconds, RtcCalendar.ToSeconds(tm));
        }
    }

    [Fact]
    public void OutOfRangeFieldsCarryOverAsInQemu()
    {
        // February 31st is March 3rd; hour 25 is 1 o'clock the next day.
        Assert.Equal(RtcCalendar.ToSeconds(new RtcTime(121, 2, 4, 1, 0, 0, 0)), RtcCalendar.ToSeconds(new RtcTime(121, 1, 31, 25, 0, 0, 0)));
    }

    [Theory]
    [InlineData("2020-01-01T00:00:00", 1577836800L)]
    [InlineData("2020-01-01", 1577836800L)]
    [InlineData("2006-06-17T16:01:21", 1150560081L)]
    [InlineData("2020-13-01T00:00:00", 1609459200L)]
    [InlineData("foo", null)]
    [InlineData("2020-01", null)]
    public void BaseDatesAreReadAsQemuReadsThem(string text, long? seconds) => Assert.Equal(seconds, RtcOptions.ParseDate(text));
}
