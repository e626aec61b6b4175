using System;
using System.Text.Json.Nodes;

namespace QomSharp.Devices.Isa;

/// <summary>
/// The RTC's <c>date</c> (QEMU's <c>object_property_add_tm</c>): the clock as a <c>struct tm</c>
/// (years since 1900, months from 0). Read-only; the guest's clock is the host's UTC time here.
/// </summary>
internal sealed class RtcDateProperty() : QomProperty("date", "struct tm", null)
{
    public override bool CanRead => true;

    public override bool CanWrite => false;

    protected override JsonNode? Read(QomObject obj)
    {
        var now = DateTime.UtcNow;
        return new JsonObject
        {
            ["tm_year"] = now.Year - 1900,
            ["tm_sec"] = now.Second,
            ["tm_hour"] = now.Hour,
            ["tm_min"] = now.Minute,
            ["tm_mon"] = now.Month - 1,
            ["tm_mday"] = now.Day,
        };
    }

    protected override void Write(QomObject obj, in QomInput input) => throw new InvalidOperationException("date is read-only");
}
