using System;

namespace QomSharp.Devices.Host;

/// <summary>How sysfs names an mdev: its UUID in the 8-4-4-4-12 hex form, as <c>/sys/bus/mdev/devices/</c> lists it.</summary>
internal static class HostMdevNames
{
    /// <summary>Parses the 36-character dashed UUID form only (no braces, no bare hex).</summary>
    public static bool TryParseUuid(string text, out Guid uuid) =>
        Guid.TryParseExact(text, "D", out uuid);
}
