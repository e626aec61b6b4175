namespace QomSharp.Devices.Host;

/// <summary>
/// Checks a host driver name (a device's sysfs <c>driver</c> link target, or a JSON <c>driver</c>
/// field). Linux names drivers with printable characters and no slash (they are directory names under
/// <c>/sys/bus/pci/drivers/</c>), so anything else cannot come from a real host.
/// </summary>
internal static class HostDriverNames
{
    /// <summary>Why <paramref name="name"/> cannot be a driver name, or null when it can.</summary>
    public static string? Problem(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return "is empty";
        foreach (char c in name)
        {
            if (c == '/' || char.IsWhiteSpace(c) || char.IsControl(c))
                return $"\"{name}\" is not a driver name";
        }
        return null;
    }
}
