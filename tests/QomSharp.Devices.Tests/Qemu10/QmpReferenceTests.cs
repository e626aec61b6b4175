using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// QMP replies against QEMU 10.0's transcripts: <c>device-list-properties</c> and
/// <c>qom-list-properties</c> of every modelled type, and <c>qom-list</c> plus <c>qom-get</c> of every
/// property of created devices. Region and IRQ rows are compared as a set (QEMU lists them in hash
/// order), and the regions not modelled (the vIOMMUs' per-device address spaces, the virtio proxy's
/// BARs) are left out of QEMU's qom-list replies.
/// </summary>
public class QmpReferenceTests
{
    // capture.py's command line for qmp-qom-get.txt.
    private static readonly string[] CreatedDevices =
    [
        "-machine", "q35", "-device", "intel-iommu,id=iommu0", "-device", "pci-testdev,id=t0",
        "-device", "pcie-root-port,id=rp0,chassis=1", "-device", "pci-bridge,id=br0,chassis_nr=2", "-device", "pcie-pci-bridge,id=pb0",
    ];

    // capture.py's command line for qmp-pci-hotplug.txt.
    private static readonly string[] RootPorts =
    [
        "-machine", "q35", "-device", "pcie-root-port,id=rp0,chassis=1", "-device", "pcie-root-port,id=rp1,chassis=2",
        "-device", "pcie-root-port,id=rp2,chassis=3", "-device", "pcie-root-port,id=rp3,chassis=4",
        "-device", "pcie-root-port,id=rp4,chassis=5,x-do-not-expose-native-hotplug-cap=on",
        "-device", "pcie-root-port,id=rp5,chassis=6,x-do-not-expose-native-hotplug-cap=on,hotplug=off",
    ];

    /// <summary>
    /// An expander bridge with bypass_iommu and a DMI-to-PCI bridge: their properties over QMP, where
    /// a bridge without bus= lands (the expander's bus, found first as QEMU finds it), and the
    /// hot-plug refusals.
    /// </summary>
    [Fact]
    public void ExpanderBridgesOverQmpAreQemu10s() => AssertTranscript("qmp-expanders.txt",
        "-machine", "q35", "-device", "pxb-pcie,id=pxb1,bus_nr=128,bypass_iommu=on,bus=pcie.0",
        "-device", "pcie-root-port,id=rp,chassis=1,bus=pxb1", "-device", "i82801b11-bridge,id=dmi");

    [Fact]
    public void PropertyListsAreQemu10s() => AssertTranscript("qmp-list-properties.txt", "-machine", "q35");

    [Fact]
    public void QomListAndQomGetOfCreatedDevicesAreQemu10s() => AssertTranscript("qmp-qom-get.txt", CreatedDevices);

    [Fact]
    public void QomGetOnPcQ35Of91ShowsItsCompatProperties()
    {
        string[] args = [.. CreatedDevices];
        args[1] = "pc-q35-9.1";
        AssertTranscript("qmp-qom-get-pc-q35-9.1.txt", args);
    }

    /// <summary>
    /// Hot-plug refusals: one before the function is up (placement, ROM size) keeps its acpi-index
    /// taken, one after (failover) gives it back, as in QEMU; a hot-plugged function cannot use an
    /// option ROM without a ROM BAR; machine types that hide native hot-plug reserve 4 KiB of I/O.
    /// </summary>
    [Fact]
    public void HotplugRefusalsAndRootPortReservationsAreQemu10s() => AssertTranscript("qmp-pci-hotplug.txt", RootPorts);

    [Fact]
    public void TypeNamesParentsAndAbstractFlagsAreQemu10s() => Qemu10TypeListing.AssertListedAsQemu10("qom-list-types.json");

    /// <summary>
    /// <c>info qtree</c>: the property lines of each modelled device (its qdev properties in QEMU's
    /// declaration order, most derived class first, with QEMU's value formats). QEMU's board devices
    /// that are not modelled, and the PCI class/BAR lines, are not compared.
    /// </summary>
    [Fact]
    public void InfoQtreePropertiesAreQemu10s()
    {
        var context = ToolRun.Of(CreatedDevices).Context;
        var reply = QmpTranscript.Run(context, """{"execute": "human-monitor-command", "arguments": {"command-line": "info qtree"}}""")[0];
        var ours = DevicePropertyLines(reply["return"]!.GetValue<string>());
        ours["intel-iommu, id \"iommu0\""].RemoveAll(l => QomSharpExtensions.IsAdded(context.FindClass("intel-iommu"), l.Split(' ')[0]));
        var qemu = DevicePropertyLines(Qemu10Reference.Read("hmp-info-qtree.txt"));
        foreach (string device in new[] { "intel-iommu, id \"iommu0\"", "pci-testdev, id \"t0\"", "pcie-root-port, id \"rp0\"", "pci-bridge, id \"br0\"", "pcie-pci-bridge, id \"pb0\"", "mch, id \"\"",
                     "q35-pcihost, id \"\"", "ICH9-LPC, id \"\"", "ich9-ahci, id \"\"", "ICH9-SMB, id \"\"" })
        {
            Assert.True(ours.ContainsKey(device), device);
            Assert.Equal(qemu[device], ours[device]);
        }
    }

    // dev: header → its own "name = value" lines (not those of devices on its child buses).
    private static System.Collections.Generic.Dictionary<string, System.Collections.Generic.List<string>> DevicePropertyLines(string qtree)
    {
        var devices = new System.Collections.Generic.Dictionary<string, System.Collections.Generic.List<string>>();
        System.Collections.Generic.List<string>? current = null;
        int indent = 0;
        foreach (string line in qtree.Replace("\r\n", "\n", System.StringComparison.Ordinal).Split('\n'))
        {
            string trimmed = line.TrimStart(' ');
            int depth = line.Length - trimmed.Length;
            if (trimmed.StartsWith("dev: ", System.StringComparison.Ordinal))
            {
                current = [];
                devices.TryAdd(trimmed["dev: ".Length..], current);
                indent = depth + 2;
            }
            else if (current is not null && depth == indent && trimmed.Contains(" = ", System.StringComparison.Ordinal))
            {
                current.Add(trimmed);
            }
            else if (depth < indent)
            {
                current = null;
            }
        }

        return devices;
    }

    internal static void AssertTranscript(string name, params string[] args)
    {
        var pairs = Qemu10Reference.Transcript(name);
        var context = ToolRun.Of(args).Context;
        var replies = QmpTranscript.Run(context, pairs.Select(p => p.Command).ToArray());
        Assert.Equal(pairs.Count, replies.Count);
        for (int i = 0; i < pairs.Count; i++)
        {
            var expected = JsonNode.Parse(pairs[i].Reply)!;
            if (pairs[i].Command.Contains("\"qom-list\"", System.StringComparison.Ordinal))
            {
                Qemu10Regions.DropUnmodelledRows(expected);
            }

            DropIommufdAddition(pairs[i].Command, replies[i]);
            QomSharpExtensions.StripListing(context, pairs[i].Command, replies[i]);
            Qemu10Regions.Normalize(expected);
            Qemu10Regions.Normalize(replies[i]);

            Assert.True(JsonNode.DeepEquals(expected, replies[i]), $"{pairs[i].Command}\n  QEMU 10.0: {expected.ToJsonString()}\n  QomSharp:  {replies[i].ToJsonString()}");
        }
    }

    /// <summary>
    /// QomSharp's one addition to these lists (devices/README.md): the <c>iommufd</c> link of
    /// <c>vhost-vdpa-device</c>, aliased onto its PCI proxies. It must be there exactly once; the
    /// rest of the reply is then compared with QEMU's.
    /// </summary>
    private static void DropIommufdAddition(string command, JsonNode reply)
    {
        var request = JsonNode.Parse(command)!;
        if (request["arguments"]?["typename"]?.GetValue<string>() is not { } type
            || !Vdpa.VhostVdpaReference.DeviceTypes.Contains(type))
        {
            return;
        }

        var rows = reply["return"]!.AsArray();
        var iommufd = Assert.Single(rows, r => r!["name"]!.GetValue<string>() == "iommufd");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"name":"iommufd","type":"link<iommufd>","description":"Set host IOMMUFD backend device"}"""), iommufd), iommufd!.ToJsonString());
        rows.Remove(iommufd);
    }
}
