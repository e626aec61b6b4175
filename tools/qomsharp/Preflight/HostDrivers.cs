using QomSharp.Devices.Host;

namespace QomSharp.Tool.Preflight;

/// <summary>The host driver bound to a function, as the host model reports it (null: none, or not said).</summary>
internal static class HostDrivers
{
    /// <summary>The driver of <paramref name="device"/>.</summary>
    public static string? Of(HostPciDevice device) => device.Driver;
}
