using QomSharp.Devices.Backends;
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
