using System;
using System.IO;

namespace QomSharp.Devices.Tests.Vfio;

/// <summary>
/// Host descriptions for the vfio-pci scenarios, written to a temp file for <c>-host FILE.json</c>:
/// a client-class VT-d unit (CAP 0xd2008c40660462: MGAW 39, so host aw-bits 39) with an assignable
/// NIC at 0000:01:00.0 and a function behind no IOMMU at 0000:00:1f.0.
/// </summary>
internal sealed class VfioHosts : IDisposable
{
    public const string Host39Json = """
        { "description": "client-class VT-d, 39-bit",
          "iommus": [ { "name": "dmar1", "version": "5:0", "address": "0xfed91000", "cap": "0xd2008c40660462", "ecap": "0xf050da" } ],
          "groups": [ { "id": 14, "reserved_regions": [ { "start": "0xfee00000", "end": "0xfeefffff", "type": "msi" } ] } ],
          "devices": [
            { "address": "0000:01:00.0", "vendor": "0x8086", "device": "0x125c", "group": 14, "iommu": "dmar1" },
            { "address": "0000:00:1f.0", "vendor": "0x8086", "device": "0x7a06" } ] }
        """;

    private readonly string directory = Directory.CreateTempSubdirectory("qomsharp-hosts-").FullName;

    public VfioHosts()
    {
        Host39 = Path.Combine(directory, "host39.json");
        File.WriteAllText(Host39, Host39Json);
    }

    /// <summary>The path of the 39-bit host's JSON file.</summary>
    public string Host39 { get; }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
