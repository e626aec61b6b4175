using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Devices.Tests.Qemu10;

namespace QomSharp.Devices.Tests.Vdpa;

/// <summary>
/// vhost-vdpa-device-pci and its virtio device against QEMU 10.0: the help texts, the <c>-device help</c>
/// lines, the host IOMMU device types, and every refusal QEMU printed on a machine without vDPA.
/// (Their QMP property lists and qom-list-types entries are compared in Qemu10.QmpReferenceTests.)
/// </summary>
public sealed class VhostVdpaQemu10Tests : System.IDisposable
{
    private readonly VhostVdpaReference hosts = new();

    public void Dispose() => hosts.Dispose();

    [Theory]
    [InlineData("vhost-vdpa-device-pci")]
    [InlineData("vhost-vdpa-device-pci-transitional")]
    [InlineData("vhost-vdpa-device-pci-non-transitional")]
    [InlineData("vhost-vdpa-device")]
    public void PropertyHelpIsQemu10sPlusTheIommufdLink(string type)
    {
        var run = ToolRun.Of("-nodefaults", "-display", "none", "-machine", "q35", "-device", $"{type},help");
        Assert.Equal(VhostVdpaReference.HelpWithIommufd(Qemu10Reference.Read($"device-{type}-help.txt")), run.Output);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void DeviceListLinesAreQemu10s()
    {
        string[] ours = ToolRun.Of("-device", "help").Output.Split('\n');
        string[] qemu = Qemu10Reference.Read("device-help.txt").Split('\n');
        Assert.Equal(
            qemu.Where(l => l.Contains("vdpa", System.StringComparison.Ordinal)),
            ours.Where(l => l.Contains("vdpa", System.StringComparison.Ordinal)));
        Assert.Equal(
            """name "vhost-vdpa-device", bus virtio-bus, desc "VDPA-based generic device assignment";name "vhost-vdpa-device-pci", bus PCI;name "vhost-vdpa-device-pci-non-transitional", bus PCI;name "vhost-vdpa-device-pci-transitional", bus PCI""",
            string.Join(';', ours.Where(l => l.Contains("vdpa", System.StringComparison.Ordinal))));
    }

    /// <summary>QEMU 10.0 has the two VFIO host IOMMU device types and their abstract parents; QomSharp adds exactly the two vDPA ones.</summary>
    [Fact]
    public void HostIommuDeviceTypesAreQemu10sPlusTheVdpaOnes()
    {
        var qemu = JsonNode.Parse(Qemu10Reference.Read("qom-list-types-host-iommu-device.json"))!.AsArray().Select(Entry).ToList();
        var context = ToolRun.Of("-machine", "q35").Context;
        var reply = QmpTranscript.Run(context, """{"execute": "qom-list-types", "arguments": {"abstract": true}}""")[0]["return"]!.AsArray();
        var ours = reply.Where(t => t!["name"]!.GetValue<string>().StartsWith("host-iommu-device", System.StringComparison.Ordinal))
            .Select(Entry).ToList();
        Assert.Equal(4, qemu.Count);
        Assert.DoesNotContain(qemu, t => t.Contains("vdpa", System.StringComparison.Ordinal));
        Assert.Equal(
            qemu.Concat(["host-iommu-device-iommufd-vdpa < host-iommu-device-iommufd", "host-iommu-device-legacy-vdpa < host-iommu-device"]).Order(System.StringComparer.Ordinal),
            ours.Order(System.StringComparer.Ordinal));
    }

    // One qom-list-types entry as "name < parent", with " (abstract)" when it is.
    private static string Entry(JsonNode? type) =>
        $"{type!["name"]} < {type["parent"]}{(type["abstract"]?.GetValue<bool>() == true ? " (abstract)" : string.Empty)}";

    [Theory]
    [InlineData("pci-express-device")]
    [InlineData("conventional-pci-device")]
    public void ProxiesImplementQemu10sPciInterfaces(string iface)
    {
        var qemu = JsonNode.Parse(Qemu10Reference.Read("qom-list-types-vdpa-interfaces.json"))![iface]!.AsArray().Select(n => n!.GetValue<string>());
        var context = ToolRun.Of("-machine", "q35").Context;
        var reply = QmpTranscript.Run(context, "{\"execute\": \"qom-list-types\", \"arguments\": {\"implements\": \"" + iface + "\"}}")[0]["return"]!.AsArray();
        var ours = reply.Select(t => t!["name"]!.GetValue<string>()).Where(n => n.Contains("vdpa", System.StringComparison.Ordinal)).Order(System.StringComparer.Ordinal);
        Assert.Equal(qemu, ours);
    }

    public static TheoryData<int> Cases() => [.. Enumerable.Range(0, Qemu10Reference.ErrorCases("vhost-vdpa-errors.txt").Count())];

    /// <summary>QEMU 10.0 ran on a machine without vDPA devices: so does this, on a host that has none.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void RefusedAsQemu10Refuses(int index)
    {
        ErrorCase expected = Qemu10Reference.ErrorCases("vhost-vdpa-errors.txt").ElementAt(index);
        var run = ToolRun.Of(["-host", hosts.NoVdpa, .. expected.Args]);
        Assert.Equal(expected.Stderr.Replace("qemu-system-x86_64: ", "qomsharp: ", System.StringComparison.Ordinal), run.Error);
        Assert.Equal(expected.ExitCode, run.ExitCode);
    }
}
