using System;
using System.IO;
using System.Linq;

namespace QomSharp.Devices.Tests.Vdpa;

/// <summary>
/// What the vDPA tests compare against: QEMU 10.0's captures, with QomSharp's one documented addition
/// (the <c>iommufd</c> link of <c>vhost-vdpa-device</c>, aliased onto its proxies), and host
/// descriptions written to a temp directory for <c>-host FILE.json</c>.
/// </summary>
internal sealed class VhostVdpaReference : IDisposable
{
    /// <summary>The device types QEMU 10.0 has for a vDPA device, proxies first.</summary>
    public static readonly string[] DeviceTypes =
        ["vhost-vdpa-device-pci", "vhost-vdpa-device-pci-transitional", "vhost-vdpa-device-pci-non-transitional", "vhost-vdpa-device"];

    /// <summary>The help line of QomSharp's addition.</summary>
    public const string IommufdHelpLine = "  iommufd=<link<iommufd>> - Set host IOMMUFD backend device";

    // A client-class unit (host aw-bits 39) with a vDPA parent behind it, one behind no IOMMU, and
    // vDPA devices: the default range (the 39-bit aperture), an explicit 36-bit range, no virtqueues,
    // one bound to virtio_vdpa (no character device), one whose parent is behind no IOMMU.
    public const string ClientJson = """
        { "description": "client-class VT-d with vDPA",
          "iommus": [ { "name": "dmar1", "version": "5:0", "address": "0xfed91000", "cap": "0xd2008c40660462", "ecap": "0xf050da" } ],
          "groups": [ { "id": 14, "reserved_regions": [ { "start": "0xfee00000", "end": "0xfeefffff", "type": "msi" } ] } ],
          "devices": [
            { "address": "0000:01:00.0", "vendor": "0x1af4", "device": "0x1041", "group": 14, "iommu": "dmar1" },
            { "address": "0000:00:1f.0", "vendor": "0x8086", "device": "0x7a06" } ],
          "vdpa": [
            { "name": "vdpa0", "parent": "01:00.0", "vhost": "vhost-vdpa-0" },
            { "name": "vdpa1", "parent": "01:00.0", "vhost": "vhost-vdpa-1", "iova_first": "0x1000", "iova_last": "0xfffffffff" },
            { "name": "vdpa2", "parent": "00:1f.0", "vhost": "vhost-vdpa-2", "queues": 0 },
            { "name": "vdpa3", "parent": "00:1f.0" },
            { "name": "vdpa4", "parent": "00:1f.0", "vhost": "vhost-vdpa-4" } ] }
        """;

    private readonly string directory = Directory.CreateTempSubdirectory("qomsharp-vdpa-").FullName;

    public VhostVdpaReference()
    {
        Client = Path.Combine(directory, "client.json");
        File.WriteAllText(Client, ClientJson);
        NoVdpa = Path.Combine(directory, "no-vdpa.json");
        File.WriteAllText(NoVdpa, """{ "iommus": [], "groups": [], "devices": [] }""");
    }

    /// <summary>The client host's JSON file.</summary>
    public string Client { get; }

    /// <summary>A host with no vDPA device, as the machine QEMU 10.0 ran on.</summary>
    public string NoVdpa { get; }

    /// <summary>QEMU 10.0's <c>-device T,help</c> with QomSharp's iommufd line in its sorted place.</summary>
    public static string HelpWithIommufd(string qemuHelp)
    {
        string[] lines = qemuHelp.TrimEnd('\n').Split('\n');
        var options = lines.Skip(1).Append(IommufdHelpLine).Order(StringComparer.Ordinal);
        return string.Join('\n', options.Prepend(lines[0])) + "\n";
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
