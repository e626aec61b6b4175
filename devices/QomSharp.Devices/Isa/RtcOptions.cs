using System;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace QomSharp.Devices.Isa;

/// <summary>The clock the RTC follows (QEMU's <c>-rtc clock=</c>).</summary>
public enum RtcClockKind
{
    /// <summary><c>host</c>: the host's time (the default).</summary>
    Host,

    /// <summary><c>rt</c>: the host's monotonic clock.</summary>
    Realtime,

    /// <summary><c>vm</c>: the guest's virtual clock, which stands still while no guest runs.</summary>
    Virtual,
}

/// <summary>
/// QEMU's <c>-rtc</c> settings of one QOM universe: the date the guest's clock starts at
/// (<c>base=utc|localtime|DATE</c>) and the clock it then follows (<c>clock=host|rt|vm</c>).
/// </summary>
public sealed record RtcOptions(long? BaseSeconds, bool LocalTime, RtcClockKind Clock)
{
    private static readonly ConditionalWeakTable<QomContext, RtcOptions> s_options = new();

    /// <summary>QEMU's defaults: <c>base=utc,clock=host</c>.</summary>
    public static RtcOptions Default { get; } = new(null, false, RtcClockKind.Host);

    /// <summary>The settings of <paramref name="context"/>.</summary>
    public static RtcOptions Get(QomContext context) => s_options.TryGetValue(context, out RtcOptions? options) ? options : Default;

    /// <summary>Sets the settings of <paramref name="context"/>.</summary>
    public static void Set(QomContext context, RtcOptions options) => s_options.AddOrUpdate(context, options);

    /// <summary>The guest's date when the RTC is made: the base date, else the host's UTC (or local) time, in seconds since 1970.</summary>
    public long StartSeconds()
    {
        if (BaseSeconds is { } start)
        {
            return start;
        }

        var now = DateTimeOffset.UtcNow;
        return LocalTime ? now.ToUnixTimeSeconds() + (long)TimeZoneInfo.Local.GetUtcOffset(now).TotalSeconds : now.ToUnixTimeSeconds();
    }

    /// <summary>
    /// QEMU's <c>configure_rtc_base_datetime</c>: <c>YYYY-MM-DDTHH:MM:SS</c> or <c>YYYY-MM-DD</c>,
    /// the fields as C's <c>sscanf</c> reads them (out-of-range values carry over); null if neither.
    /// </summary>
    public static long? ParseDate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int[] fields = new int[6];
        int read = ScanFields(text, fields);
        if (read != 6 && read < 3)
        {
            return null;
        }

        if (read != 6)
        {
            fields[3] = fields[4] = fields[5] = 0;
        }

        long seconds = RtcCalendar.ToSeconds(new RtcTime(fields[0] - 1900, fields[1] - 1, fields[2], fields[3], fields[4], fields[5], 0));
        return seconds == -1 ? null : seconds;
    }

    // sscanf("%d-%d-%dT%d:%d:%d"): how many fields it reads before the text stops matching.
    private static int ScanFields(string text, int[] fields)
    {
        ReadOnlySpan<char> separators = "--T::";
        int position = 0;
        for (int field = 0; field < 6; field++)
        {
            if (field > 0)
            {
                if (position >= text.Length || text[position] != separators[field - 1])
                {
                    return field;
                }

                position++;
            }

            // %d skips white space, takes a sign and at least one digit.
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            int start = position;
            if (position < text.Length && text[position] is '+' or '-')
            {
                position++;
            }

            int digits = position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            if (position == digits || !int.TryParse(text.AsSpan(start, position - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out fields[field]))
            {
                return field;
            }
        }

        return 6;
    }
}
