using System;
using System.IO;

namespace QomSharp.Devices.Host;

/// <summary>
/// The host QomSharp assumes unless told otherwise: a two-socket Sapphire Rapids-class Xeon server
/// (VT-d 6.0, CAP 0x9ed008c40780466, ECAP 0x3ee9e86f050df) with a GPU, NICs, NVMe and a BMC VGA,
/// shipped as an embedded JSON resource so it reads exactly like a user-supplied description.
/// </summary>
public static class DefaultHost
{
    /// <summary>Manifest name of the embedded resource (set as LogicalName in the csproj).</summary>
    public const string ResourceName = "QomSharp.Devices.Host.default-host.json";

    private static readonly Lazy<HostModel> s_instance = new(Load);

    /// <summary>The parsed default host (parsed once; immutable).</summary>
    public static HostModel Instance => s_instance.Value;

    /// <summary>The resource's JSON text, e.g. as a starting point for a custom description.</summary>
    public static string ReadJson()
    {
        using Stream stream = typeof(DefaultHost).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource '{ResourceName}' is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static HostModel Load() => HostJson.Parse(ReadJson(), "embedded:" + ResourceName);
}
