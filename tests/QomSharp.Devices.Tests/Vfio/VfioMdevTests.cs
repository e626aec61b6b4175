using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Backends;
using QomSharp.Devices.Host;
using QomSharp.Devices.I386;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Devices.Vfio;

namespace QomSharp.Devices.Tests.Vfio;

/// <summary>
/// vfio-pci on a mediated device (<c>sysfsdev=/sys/bus/mdev/devices/UUID</c>), as QEMU 10.0 treats it
/// (hw/vfio/pci.c, common.c, iommufd.c): no host IOMMU device, nothing handed to the vIOMMU, the
/// iommufd backend attaches it to the IOAS itself, and x-balloon-allowed is accepted.
/// </summary>
public class VfioMdevTests
{
    private const string Uuid = "c2e0f1a4-5b7d-4e3a-9c21-7f0d6b8e4a13";
    private const string MdevPath = "/sys/bus/mdev/devices/" + Uuid;
    private const string Vtd = "intel-iommu,id=vtd,aw-bits=48,caching-mode=on";

    private static IntelIommu VtdOf(ToolRun run) => run.Resolve<IntelIommu>("/machine/peripheral/vtd");

    [Fact]
    public void LegacyMdevHasNoHostIommuDeviceAndTheVirtualIommuIsNotTold()
    {
        var run = ToolRun.Of("-device", Vtd, "-device", $"vfio-pci,sysfsdev={MdevPath},id=vgpu");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        VfioDevice vfio = run.Resolve<VfioPci>("/machine/peripheral/vgpu").VfioDevice!;
        Assert.True(vfio.IsMdev);
        Assert.Equal(Uuid, vfio.Name);
        Assert.Null(vfio.HostIommuDevice);
        Assert.Equal(0, VtdOf(run).HostIommuDeviceCount);

        // Its own group (71), in a type1 container without an IOMMU domain: no IOVA ranges reported.
        Assert.Equal([71], VfioUniverse.Of(run.Context).OpenGroups);
        VfioContainer container = Assert.Single(VfioUniverse.Of(run.Context).Containers);
        Assert.Empty(container.IovaRanges);
        Assert.Equal(0xfffffffffffff000UL, container.PageSizeMask);
    }

    [Fact]
    public void IommufdMdevIsAttachedToTheIoasWithoutAHwpt()
    {
        // Native hot-plug: the unplug completes when the guest powers the slot off (NativeSlot.Delete does it for the guest).
        var run = ToolRun.Of("-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off", "-object", "iommufd,id=fd0", "-device", Vtd, "-device", "pcie-root-port,id=rp,chassis=1",
            "-device", $"vfio-pci,sysfsdev={MdevPath},iommufd=fd0,id=vgpu,bus=rp");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        VfioDevice vfio = run.Resolve<VfioPci>("/machine/peripheral/vgpu").VfioDevice!;
        Assert.Null(vfio.HostIommuDevice);
        Assert.Null(vfio.Hwpt);
        VfioContainer container = Assert.Single(VfioUniverse.Of(run.Context).Containers);
        Assert.Empty(container.Hwpts);
        Assert.Equal([new Host.IovaRange(0, ulong.MaxValue)], container.IovaRanges);
        Assert.Equal(0, VtdOf(run).HostIommuDeviceCount);

        // Unplugging releases the cdev, the IOAS and the backend.
        IommufdBackend fd0 = run.Resolve<IommufdBackend>("/objects/fd0");
        Assert.Null(QmpTranscript.Error(NativeSlot.Delete(run.Context, "vgpu")));
        Assert.False(fd0.HasIoas(container.IoasId));
        Assert.Equal(0u, fd0.Users);
        Assert.Empty(VfioUniverse.Of(run.Context).Containers);
    }

    /// <summary>
    /// query-pci lists every realized function; QEMU reads an mdev's ids, class, pin and BARs from
    /// its VFIO config region (the vendor driver's emulation), which the default host describes:
    /// the T4's ids, VGA class 0x0300, subsystem 10de:1309, pin A, three BARs and no ROM.
    /// </summary>
    [Theory]
    [InlineData("")]
    [InlineData(",iommufd=fd0")]
    public void QueryPciListsTheMdevWithItsOwnConfigurationSpace(string backend)
    {
        var run = ToolRun.Of("-object", "iommufd,id=fd0", "-device", $"vfio-pci,sysfsdev={MdevPath},id=vgpu,addr=6{backend}");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        var reply = QmpTranscript.Run(run.Context, """{"execute": "query-pci"}""")[0]["return"]!.AsArray();
        var vgpu = reply.SelectMany(b => b!["devices"]!.AsArray()).Single(d => d!["qdev_id"]!.GetValue<string>() == "vgpu");
        var expected = JsonNode.Parse("""
            {"bus": 0, "slot": 6, "function": 0, "class_info": {"desc": "VGA controller", "class": 768},
             "id": {"device": 7864, "vendor": 4318, "subsystem": 4873, "subsystem-vendor": 4318}, "irq": 0, "irq_pin": 1, "qdev_id": "vgpu",
             "regions": [{"bar": 0, "type": "memory", "address": -1, "size": 16777216, "prefetch": false, "mem_type_64": false},
                         {"bar": 1, "type": "memory", "address": -1, "size": 268435456, "prefetch": true, "mem_type_64": true},
                         {"bar": 3, "type": "memory", "address": -1, "size": 33554432, "prefetch": true, "mem_type_64": true}]}
            """);
        Assert.True(JsonNode.DeepEquals(expected, vgpu), vgpu!.ToJsonString());
        Assert.Contains("  Bus  0, device   6, function 0:\r\n    VGA controller: PCI device 10de:1eb8\r\n      PCI subsystem 10de:1309\r\n      IRQ 0, pin A\r\n",
            InfoPci(run), StringComparison.Ordinal);
    }

    /// <summary>An mdev described without ids or configuration shows its parent's ids, class 0, no pin and no BARs.</summary>
    [Fact]
    public void AnMdevWithoutConfigurationShowsItsParentsIds()
    {
        string path = Path.Combine(Path.GetTempPath(), $"qomsharp-mdev-{Guid.NewGuid():N}.json");
        var host = JsonNode.Parse(HostJson.Write(DefaultHost.Instance))!;
        var mdev = host["mdevs"]![0]!.AsObject();
        foreach (string field in new[] { "class", "revision", "subsystem_vendor", "subsystem_device", "irq_pin", "bars" })
        {
            Assert.True(mdev.Remove(field), field);
        }

        File.WriteAllText(path, host.ToJsonString());
        try
        {
            Assert.Null(Assert.Single(HostJson.Parse(File.ReadAllText(path)).MdevDevices).Config);
            var run = ToolRun.Of("-host", path, "-device", $"vfio-pci,sysfsdev={MdevPath},id=vgpu,addr=6");
            Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
            Assert.Contains("  Bus  0, device   6, function 0:\r\n    Class 0000: PCI device 10de:1eb8\r\n      PCI subsystem 0000:0000\r\n      id \"vgpu\"\r\n",
                InfoPci(run), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string InfoPci(ToolRun run) =>
        QmpTranscript.Run(run.Context, """{"execute": "human-monitor-command", "arguments": {"command-line": "info pci"}}""")[0]["return"]!.GetValue<string>();

    [Theory]
    [InlineData("")]
    [InlineData(",iommufd=fd0")]
    public void OneMdevCannotBeOpenedTwice(string backend)
    {
        var run = ToolRun.Of("-object", "iommufd,id=fd0", "-device", $"vfio-pci,sysfsdev={MdevPath}{backend}",
            "-device", $"vfio-pci,sysfsdev={MdevPath}{backend}");
        string expected = backend.Length == 0
            ? $"vfio {Uuid}: device is already attached"
            : $"vfio {Uuid}: error bind device fd=5 to iommufd=4: Invalid argument";
        Assert.Equal(ToolRun.Refusal($"vfio-pci,sysfsdev={MdevPath}{backend}", expected), run.Error);
    }

    [Fact]
    public void BalloonIsAllowedForAnMdevOnly()
    {
        var run = ToolRun.Of("-device", $"vfio-pci,sysfsdev={MdevPath},x-balloon-allowed=on");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        run = ToolRun.Of("-device", "vfio-pci,host=98:00.0,x-balloon-allowed=on");
        Assert.Equal(ToolRun.Refusal("vfio-pci,host=98:00.0,x-balloon-allowed=on", "vfio 0000:98:00.0: x-balloon-allowed only potentially compatible with mdev devices"), run.Error);
    }

    [Theory]
    [InlineData("/sys/bus/mdev/devices/00000000-0000-0000-0000-000000000001")]
    [InlineData("/sys/bus/pci/devices/" + Uuid)]
    [InlineData("/sys/bus/mdev/devices/C2E0F1A4-5B7D-4E3A-9C21-7F0D6B8E4A13")]
    public void UnknownMdevPathIsNoSuchHostDevice(string path)
    {
        var run = ToolRun.Of("-device", $"vfio-pci,sysfsdev={path}");
        Assert.Equal(ToolRun.Refusal($"vfio-pci,sysfsdev={path}", $"vfio {path}: no such host device: No such file or directory"), run.Error);
    }

    [Fact]
    public void MdevUnderItsParentsCanonicalDirectoryIsFound()
    {
        string path = "/sys/devices/pci0000:c9/0000:c9:01.0/0000:ca:00.0/" + Uuid;
        var run = ToolRun.Of("-device", $"vfio-pci,sysfsdev={path},id=vgpu");
        Assert.Equal(string.Empty, run.Error);
        Assert.True(run.Resolve<VfioPci>("/machine/peripheral/vgpu").VfioDevice!.IsMdev);
    }
}
