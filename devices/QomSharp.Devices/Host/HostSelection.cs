using System;
using System.Runtime.CompilerServices;

namespace QomSharp.Devices.Host;

/// <summary>
/// The host each QOM universe pretends to run on: chosen once (the tool's <c>-host</c> option, or a
/// test), read by the models that ask the simulated kernel (vfio-pci, <c>iommufd</c>). Unless set, it
/// is the embedded default host.
/// </summary>
public static class HostSelection
{
    private static readonly ConditionalWeakTable<QomContext, IHost> s_hosts = new();

    /// <summary>The host of <paramref name="context"/>.</summary>
    public static IHost Get(QomContext context) =>
        s_hosts.TryGetValue(context, out IHost? host) ? host : DefaultHost.Instance;

    /// <summary>Makes <paramref name="host"/> the host of <paramref name="context"/>.</summary>
    public static void Set(QomContext context, IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        s_hosts.AddOrUpdate(context, host);
    }

    /// <summary>
    /// Loads a host by the tool's syntax: <c>default</c> (embedded), <c>sysfs</c> (reads /sys),
    /// <c>sysfs:ROOT</c> (a sysfs tree at ROOT), anything else a JSON description file.
    /// </summary>
    /// <exception cref="HostFormatException">The description cannot be read or is invalid.</exception>
    public static IHost Load(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        const string sysfsPrefix = "sysfs:";
        return spec switch
        {
            "" => throw new HostFormatException("''", "not a host: use default, sysfs, sysfs:ROOT or a JSON file"),
            "default" => DefaultHost.Instance,
            "sysfs" => SysfsHost.Read(),
            _ when spec.StartsWith(sysfsPrefix, StringComparison.Ordinal) => SysfsHost.Read(spec[sysfsPrefix.Length..]),
            _ => HostJson.LoadFile(spec),
        };
    }
}
