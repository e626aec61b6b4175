using System;
using System.Text.Json.Nodes;

namespace QomSharp.Devices.Isa;

/// <summary>
/// The RTC's <c>date</c> (QEMU's <c>object_property_add_tm</c>): the clock as a <c>struct tm</c>
/// (years since 1900, months from 0): the RTC's clock brought up to date. Read-only.
/// </summary>
internal sealed class RtcDateProperty() : QomProperty("date", "struct tm", null)
{
    public override bool CanRead => true;

    public override bool CanWrite => false;

    protected override JsonNode? Read(QomObject obj)
    {
        var now = ((Mc146818Rtc)obj).CurrentTime();
        return new JsonObject
        {
            ["tm_year"] = now.Year,
            ["tm_sec"] = now.Second,
            ["tm_hour"] = now.Hour,
            ["tm_min"] = now.Minute,
            ["tm_mon"] = now.Month,
            ["tm_mday"] = now.Day,
        };
    }

    protected override void Write(QomObject obj, in QomInput input) => throw new InvalidOperationException("date is read-only");
}
